package io.imat.api.download;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small pictures and crafted headers for tests. */
final class Pictures {
  private Pictures() {}

  static BufferedImage image(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(seed * 40 % 256, 120, 200 - seed * 13 % 200));
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  static byte[] jpeg(int w, int h) {
    return encode(image(w, h, w + h), "jpeg");
  }

  static byte[] png(int w, int h) {
    return encode(image(w, h, w * h), "png");
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A PNG signature and IHDR chunk declaring {@code w} x {@code h}, and nothing else. */
  static byte[] pngBomb(int w, int h) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream chunk = new ByteArrayOutputStream();
      DataOutputStream c = new DataOutputStream(chunk);
      c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
      c.writeInt(w);
      c.writeInt(h);
      c.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no filter, no interlace
      byte[] data = chunk.toByteArray();
      out.writeInt(13);
      out.write(data);
      CRC32 crc = new CRC32();
      crc.update(data);
      out.writeInt((int) crc.getValue());
      // A little (bogus) image data so the file looks like more than a header.
      out.write(new byte[64]);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A real small JPEG whose SOF0 frame header is patched to declare {@code w} x {@code h}. */
  static byte[] jpegBomb(int w, int h) {
    byte[] b = jpeg(16, 16);
    for (int i = 2; i + 9 < b.length; i++) {
      if ((b[i] & 0xff) == 0xff && ((b[i + 1] & 0xff) == 0xc0 || (b[i + 1] & 0xff) == 0xc2)) {
        // FFC0 len(2) precision(1) height(2) width(2)
        b[i + 5] = (byte) (h >> 8);
        b[i + 6] = (byte) h;
        b[i + 7] = (byte) (w >> 8);
        b[i + 8] = (byte) w;
        return b;
      }
    }
    throw new IllegalStateException("no SOF marker");
  }
}
