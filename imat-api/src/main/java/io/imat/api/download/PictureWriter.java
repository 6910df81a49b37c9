package io.imat.api.download;

import io.imat.api.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Re-encodes a picture as JPEG on its way in: pictures served as PNG, GIF or BMP (so that a file
 * named {@code .jpg} is one), and, when a longest side is set, pictures larger than that, scaled
 * down. JPEGs within the size limit are never touched: their bytes are stored as served.
 */
final class PictureWriter {
  private final int maxSide;
  private final float quality;

  PictureWriter(int maxSide, float quality) {
    this.maxSide = maxSide;
    this.quality = quality;
  }

  /** The longest side pictures are scaled down to, or 0 to keep their size. */
  int maxSide() {
    return maxSide;
  }

  /** Whether a picture must be re-encoded rather than stored byte for byte. */
  boolean needsReencode(PictureInfo info) {
    return !info.format().equals("jpeg") || (maxSide > 0 && info.longestSide() > maxSide);
  }

  /** Scales {@code image} if needed and writes it as JPEG to {@code target} atomically. */
  long write(BufferedImage image, Path target) throws IOException {
    BufferedImage rgb = scale(image);
    long[] size = new long[1];
    AtomicFiles.write(
        target,
        out -> {
          CountingStream counting = new CountingStream(out);
          encode(rgb, counting);
          size[0] = counting.count;
        });
    return size[0];
  }

  private BufferedImage scale(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    int longest = Math.max(w, h);
    int tw = w;
    int th = h;
    if (maxSide > 0 && longest > maxSide) {
      double s = (double) maxSide / longest;
      tw = Math.max(1, (int) Math.round(w * s));
      th = Math.max(1, (int) Math.round(h * s));
    }
    boolean gray = src.getType() == BufferedImage.TYPE_BYTE_GRAY;
    int type = src.getType();
    if (tw == w
        && th == h
        && (gray || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB)) {
      return src;
    }
    BufferedImage cur = src;
    // Halving in steps keeps bilinear filtering from skipping pixels (aliasing) on big shrinks.
    while (cur.getWidth() / 2 >= tw && cur.getHeight() / 2 >= th) {
      cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2, gray);
    }
    return draw(cur, tw, th, gray);
  }

  private static BufferedImage draw(BufferedImage src, int w, int h, boolean gray) {
    BufferedImage dst =
        new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      // JPEG has no alpha: transparent product shots go on white, as shops display them.
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  private void encode(BufferedImage img, OutputStream out) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
