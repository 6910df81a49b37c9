package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Validation works on any file system; jimfs keeps these tests off the disk. */
class PictureValidatorTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final PictureValidator validator = PictureValidator.defaults();

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = fs.getPath("/" + name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void acceptsJpegPngAndGif() throws Exception {
    assertThat(validator.check(file("a.jpg", Pictures.jpeg(64, 48))))
        .isEqualTo(PictureInfo.of("jpeg", 64, 48));
    assertThat(validator.check(file("b.png", Pictures.png(10, 20))))
        .isEqualTo(PictureInfo.of("png", 10, 20));
    assertThat(validator.check(file("c.gif", Pictures.encode(Pictures.image(7, 9, 1), "gif"))))
        .isEqualTo(PictureInfo.of("gif", 7, 9));
  }

  /**
   * The JDK's JPEG reader goes first (it is the leanest); pictures it may refuse, such as CMYK
   * JPEGs, go to the next registered reader (TwelveMonkeys here).
   */
  @Test
  void acceptsACmykJpeg() throws Exception {
    java.awt.image.WritableRaster raster =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, 40, 30, 4, null);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        raster.setPixel(x, y, new int[] {x * 6, y * 8, 100, 30});
      }
    }
    javax.imageio.ImageWriter writer =
        javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream out =
        javax.imageio.ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
    }
    writer.dispose();
    // An Adobe APP14 segment with transform 0 right after SOI: the four channels are CMYK.
    byte[] jpeg = bytes.toByteArray();
    byte[] adobe = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    byte[] withAdobe = new byte[jpeg.length + adobe.length];
    System.arraycopy(jpeg, 0, withAdobe, 0, 2);
    System.arraycopy(adobe, 0, withAdobe, 2, adobe.length);
    System.arraycopy(jpeg, 2, withAdobe, 2 + adobe.length, jpeg.length - 2);
    Path cmyk = file("cmyk.jpg", withAdobe);
    assertThat(validator.check(cmyk)).isEqualTo(PictureInfo.of("jpeg", 40, 30));
  }

  @Test
  void rejectsHtmlEmptyAndGarbageNamingWhatItSaw() throws Exception {
    Path html =
        file(
            "h.jpg",
            "<!DOCTYPE html><html><body>removed</body></html>".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> validator.check(html))
        .isInstanceOf(InvalidPictureException.class)
        .hasMessageContaining("not a picture")
        .hasMessageContaining("<!DOCTYPE html>")
        .extracting(e -> ((InvalidPictureException) e).kind())
        .isEqualTo(FailureKind.NOT_A_PICTURE);
    assertThatThrownBy(() -> validator.checkHeader(file("e.jpg", new byte[0])))
        .hasMessageContaining("empty body");
    assertThatThrownBy(() -> validator.check(file("z.jpg", new byte[] {0, 0, 0, 0, 1, 2, 3})))
        .isInstanceOf(InvalidPictureException.class)
        .hasMessageContaining("bytes 00 00");
  }

  @Test
  void rejectsCutOffPicturesOnlyWhenDecoding() throws Exception {
    byte[] jpeg = Pictures.jpeg(300, 200);
    Path cut = file("cut.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    assertThat(validator.checkHeader(cut).width()).isEqualTo(300);
    assertThatThrownBy(() -> validator.check(cut))
        .isInstanceOf(InvalidPictureException.class)
        .hasMessageContaining("cut-off jpeg");
    byte[] png = Pictures.png(300, 200);
    Path cutPng = file("cut.png", Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> validator.check(cutPng))
        .isInstanceOf(InvalidPictureException.class)
        .hasMessageContaining("undecodable png");
  }

  @Test
  void bombsAreRejectedFromTheHeaderAlone() throws Exception {
    Path png = file("bomb.png", Pictures.pngBomb(100_000, 100_000));
    Path jpg = file("bomb.jpg", Pictures.jpegBomb(60_000, 60_000));
    for (Path p : new Path[] {png, jpg}) {
      // The files are a few hundred bytes; decoding them would allocate tens of gigabytes.
      assertThat(Files.size(p)).isLessThan(2000);
      assertThatThrownBy(() -> validator.check(p))
          .isInstanceOf(InvalidPictureException.class)
          .extracting(e -> ((InvalidPictureException) e).kind())
          .isEqualTo(FailureKind.TOO_MANY_PIXELS);
    }
    assertThatThrownBy(() -> validator.checkHeader(png)).hasMessageContaining("100000x100000");
  }

  @Test
  void limitsApplyPerSideAndToTheArea() throws Exception {
    Path wide = file("wide.png", Pictures.png(400, 10));
    PictureValidator narrow = PictureValidator.builder().maxWidth(300).build();
    assertThatThrownBy(() -> narrow.checkHeader(wide)).isInstanceOf(InvalidPictureException.class);
    PictureValidator small = PictureValidator.builder().maxPixels(3999).build();
    assertThatThrownBy(() -> small.checkHeader(wide)).isInstanceOf(InvalidPictureException.class);
    assertThat(PictureValidator.builder().maxPixels(4000).build().check(wide).width())
        .isEqualTo(400);
  }

  @Test
  void decodingForAResizeSubsamplesLargePictures() throws Exception {
    Path big = file("big.jpg", Pictures.jpeg(1000, 600));
    PictureValidator.Decoded d = validator.decode(big, 100);
    assertThat(d.info()).isEqualTo(PictureInfo.of("jpeg", 1000, 600));
    assertThat(d.image().getWidth()).isEqualTo(100);
    assertThat(d.image().getHeight()).isEqualTo(60);
  }
}
