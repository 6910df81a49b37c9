package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedImagesTest {

  @Test
  void rgbRoundTripsThroughBgrRaster() {
    Image im = TestImages.random(7, 5, 3, 1);
    BufferedImage bi = BufferedImages.toBufferedImage(im);
    assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    int argb = bi.getRGB(3, 2);
    assertThat((argb >> 16) & 0xFF).isEqualTo(im.get(3, 2, 0));
    assertThat((argb >> 8) & 0xFF).isEqualTo(im.get(3, 2, 1));
    assertThat(argb & 0xFF).isEqualTo(im.get(3, 2, 2));
    assertThat(BufferedImages.toImage(bi)).isEqualTo(im);
  }

  @Test
  void readsIntRgbAndGreyAndRgba() {
    BufferedImage bi = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    bi.setRGB(0, 0, 0x102030);
    bi.setRGB(1, 0, 0xA0B0C0);
    Image im = BufferedImages.toImage(bi);
    assertThat(im.get(0, 0, 0)).isEqualTo(0x10);
    assertThat(im.get(1, 0, 2)).isEqualTo(0xC0);

    Image grey = TestImages.random(4, 3, 1, 2);
    assertThat(BufferedImages.toImage(BufferedImages.toBufferedImage(grey), 1)).isEqualTo(grey);

    Image rgba = TestImages.random(4, 3, 4, 3);
    assertThat(BufferedImages.toImage(BufferedImages.toBufferedImage(rgba), 4)).isEqualTo(rgba);
  }

  @Test
  void writesAndReadsPng(@TempDir Path dir) throws Exception {
    Image im = TestImages.random(6, 4, 3, 4);
    Path file = dir.resolve("sub/x.png");
    BufferedImages.write(BufferedImages.toBufferedImage(im), "png", file);
    assertThat(BufferedImages.read(file)).isEqualTo(im);
  }

  @Test
  void aBrokenOrMissingFileIsAnIoExceptionNamingIt(@TempDir Path dir) throws Exception {
    Path broken = java.nio.file.Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, 1});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BufferedImages.read(broken))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(broken.toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BufferedImages.read(dir.resolve("none.jpg")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
