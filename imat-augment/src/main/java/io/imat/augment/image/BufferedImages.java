package io.imat.augment.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Conversions between {@link Image} and {@code java.awt} {@link BufferedImage}, and reading and
 * writing picture files through ImageIO. The common byte layouts are copied directly; any other
 * layout goes through {@code getRGB}.
 */
public final class BufferedImages {
  private BufferedImages() {}

  /** An RGB image of {@code picture}; alpha, if any, is dropped. */
  public static Image toImage(BufferedImage picture) {
    return toImage(picture, 3);
  }

  /**
   * {@code picture} as an image with {@code channels} channels: 1 (grey, BT.601 luma), 3 (RGB) or 4
   * (RGBA; opaque when the picture has no alpha).
   *
   * @throws IllegalArgumentException on an empty picture or an unsupported channel count
   */
  public static Image toImage(BufferedImage picture, int channels) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    Image.checkShape(w, h, channels);
    Image rgbOrGrey;
    if (picture.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      rgbOrGrey = Image.adopt(w, h, 1, copyBytes(picture));
    } else if (picture.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = copyBytes(picture);
      for (int i = 0; i < bgr.length; i += 3) {
        byte b = bgr[i];
        bgr[i] = bgr[i + 2];
        bgr[i + 2] = b;
      }
      rgbOrGrey = Image.adopt(w, h, 3, bgr);
    } else {
      boolean alpha = picture.getColorModel().hasAlpha() && channels == 4;
      int c = alpha ? 4 : 3;
      byte[] out = new byte[w * h * c];
      int[] argb = new int[w];
      for (int y = 0, i = 0; y < h; y++) {
        picture.getRGB(0, y, w, 1, argb, 0, w);
        for (int x = 0; x < w; x++) {
          int p = argb[x];
          out[i++] = (byte) (p >> 16);
          out[i++] = (byte) (p >> 8);
          out[i++] = (byte) p;
          if (alpha) {
            out[i++] = (byte) (p >>> 24);
          }
        }
      }
      rgbOrGrey = Image.adopt(w, h, c, out);
    }
    switch (channels) {
      case 1:
        return rgbOrGrey.toGrey();
      case 3:
        return rgbOrGrey.toRgb();
      default:
        return rgbOrGrey.toRgba();
    }
  }

  private static byte[] copyBytes(BufferedImage picture) {
    // getData() copies, so the picture's own raster is never shared with an immutable Image.
    return ((DataBufferByte) picture.getData().getDataBuffer()).getData();
  }

  /**
   * {@code image} as a new {@link BufferedImage}: {@code TYPE_BYTE_GRAY}, {@code TYPE_3BYTE_BGR} or
   * {@code TYPE_4BYTE_ABGR} for 1, 3 or 4 channels.
   */
  public static BufferedImage toBufferedImage(Image image) {
    int w = image.width();
    int h = image.height();
    int c = image.channels();
    byte[] src = image.data;
    BufferedImage out;
    if (c == 1) {
      out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      System.arraycopy(src, 0, dst, 0, src.length);
    } else if (c == 3) {
      out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < src.length; i += 3) {
        dst[i] = src[i + 2];
        dst[i + 1] = src[i + 1];
        dst[i + 2] = src[i];
      }
    } else {
      out = new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
      byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < src.length; i += 4) {
        dst[i] = src[i + 3];
        dst[i + 1] = src[i + 2];
        dst[i + 2] = src[i + 1];
        dst[i + 3] = src[i];
      }
    }
    return out;
  }

  /**
   * Reads a picture file (any format ImageIO decodes) as an RGB image. The file is read through
   * {@link Files#newInputStream}, so any NIO file system works (a zip file system, jimfs, ...).
   *
   * @throws IOException if the file cannot be read or is not a picture ImageIO knows (the message
   *     names the file)
   */
  public static Image read(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file.toString());
  }

  /**
   * Decodes the bytes of a picture file (any format ImageIO decodes) as an RGB image.
   *
   * @param source names the picture in error messages
   * @throws IOException if the bytes are not a picture ImageIO can decode (decoder failures on
   *     broken files included)
   */
  public static Image decode(byte[] bytes, String source) throws IOException {
    BufferedImage picture;
    // In memory: ImageIO.read(InputStream) would cache the stream in a temporary file. ImageIO
    // closes the stream itself, unless it finds no decoder.
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    try {
      picture = ImageIO.read(in);
      if (picture == null) {
        in.close();
      }
    } catch (RuntimeException e) {
      // Some decoders throw unchecked exceptions on broken data (an index out of bounds in a
      // Huffman table): to the caller it is just an unreadable picture.
      throw new IOException(source + ": broken picture (" + e + ")", e);
    }
    if (picture == null) {
      throw new IOException(source + ": not a picture ImageIO can decode");
    }
    try {
      return toImage(picture);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code picture} to {@code file} in {@code format} ({@code "png"}, {@code "jpg"}, …),
   * through {@link Files#newOutputStream} (any NIO file system).
   *
   * @throws IOException if writing fails or no writer exists for {@code format} (the message names
   *     the file)
   */
  public static void write(BufferedImage picture, String format, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(picture, format, out)) {
        throw new IOException(file + ": no ImageIO writer for format " + format);
      }
    }
  }
}
