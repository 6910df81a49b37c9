package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.util.Arrays;

/**
 * Renders geometric steps that map pixel centres onto pixel centres (flips, integer crops, pads) as
 * a {@link RowSource}: a pixel copy, {@code src(ax·x + bx, ay·y + by)} with {@code ax, ay = ±1},
 * and the fill (or the nearest edge pixel) where that leaves the source.
 */
final class ExactKernel extends ShapedRows {
  private final Image src;
  private final int ow;
  private final int oh;
  private final int ax;
  private final int bx;
  private final int ay;
  private final int by;
  private final FillMode fill;

  /**
   * Copies {@code src} through the exact map {@code forward} (continuous coordinates, from the
   * source to a {@code width × height} output), filling with {@code fill} (null: edge) outside.
   */
  ExactKernel(Image src, AffineTransform forward, int width, int height, FillMode fill) {
    super(width, height, src.channels());
    this.src = src;
    this.ow = width;
    this.oh = height;
    AffineTransform inv = forward.inverse();
    // Continuous x_in = a·x_out + c; with centres at index + ½ that is
    // index_in = a·index_out + (a/2 + c − ½).
    this.ax = (int) Math.rint(inv.a());
    this.ay = (int) Math.rint(inv.e());
    this.bx = (int) Math.rint(inv.a() * 0.5 + inv.c() - 0.5);
    this.by = (int) Math.rint(inv.e() * 0.5 + inv.f() - 0.5);
    this.fill = fill == null ? FillMode.edge() : fill;
  }

  /** Whether the map is a plain window of the source: no flip, nothing outside it. */
  boolean isWindow() {
    return ax == 1
        && ay == 1
        && bx >= 0
        && by >= 0
        && bx + ow <= src.width()
        && by + oh <= src.height();
  }

  /** The source window this map reads; only when {@link #isWindow()}. */
  Window window() {
    return new Window(src, bx, by, ow, oh);
  }

  @Override
  public void read(int y, int[] dst) {
    int ch = src.channels();
    int sw = src.width();
    int sh = src.height();
    int sy = ay * y + by;
    if (sy < 0 || sy >= sh) {
      if (!fill.isEdge()) {
        Arrays.fill(dst, 0, ow * ch, fill.value());
        return;
      }
      sy = Math.min(Math.max(sy, 0), sh - 1);
    }
    // Output pixels whose source column exists: [xs, xe).
    int xs;
    int xe;
    if (ax > 0) {
      xs = Math.max(0, -bx);
      xe = Math.min(ow, sw - bx);
    } else {
      xs = Math.max(0, bx - (sw - 1));
      xe = Math.min(ow, bx + 1);
    }
    if (xs >= xe) {
      xs = 0;
      xe = 0;
    }
    for (int x = 0; x < xs; x++) {
      outside(dst, x, ax * x + bx, sy);
    }
    final byte[] s = src.data;
    int i = (sy * sw + ax * xs + bx) * ch;
    if (ax > 0) {
      for (int k = 0, o = xs * ch, n = (xe - xs) * ch; k < n; k++, o++) {
        dst[o] = s[i + k] & 0xFF;
      }
    } else {
      for (int x = xs, o = xs * ch; x < xe; x++, i -= ch) {
        for (int c = 0; c < ch; c++) {
          dst[o++] = s[i + c] & 0xFF;
        }
      }
    }
    for (int x = xe; x < ow; x++) {
      outside(dst, x, ax * x + bx, sy);
    }
  }

  private void outside(int[] dst, int x, int sx, int sy) {
    int ch = src.channels();
    int o = x * ch;
    if (!fill.isEdge()) {
      Arrays.fill(dst, o, o + ch, fill.value());
      return;
    }
    int i = (sy * src.width() + Math.min(Math.max(sx, 0), src.width() - 1)) * ch;
    for (int c = 0; c < ch; c++) {
      dst[o + c] = src.data[i + c] & 0xFF;
    }
  }
}
