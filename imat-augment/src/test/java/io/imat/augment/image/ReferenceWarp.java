package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;

/** The tests' reference warp: independent of the fast kernel, slow, in doubles. */
final class ReferenceWarp {
  private ReferenceWarp() {}

  /**
   * The bilinear warp of {@code im} by {@code forward} into {@code w × h}: taps outside the source
   * read {@code fill}, or the nearest edge pixel when {@code fill < 0}.
   */
  static Image bilinear(Image im, AffineTransform forward, int w, int h, int fill) {
    AffineTransform inv = forward.inverse();
    int c = im.channels();
    return Image.generate(
        w,
        h,
        c,
        (x, y, ch) -> {
          double sx = inv.mapX(x + 0.5, y + 0.5) - 0.5;
          double sy = inv.mapY(x + 0.5, y + 0.5) - 0.5;
          int x0 = (int) Math.floor(sx);
          int y0 = (int) Math.floor(sy);
          double fx = sx - x0;
          double fy = sy - y0;
          double v =
              (1 - fx) * (1 - fy) * tap(im, x0, y0, ch, fill)
                  + fx * (1 - fy) * tap(im, x0 + 1, y0, ch, fill)
                  + (1 - fx) * fy * tap(im, x0, y0 + 1, ch, fill)
                  + fx * fy * tap(im, x0 + 1, y0 + 1, ch, fill);
          return (int) Math.round(v);
        });
  }

  private static int tap(Image im, int x, int y, int c, int fill) {
    if (x < 0 || y < 0 || x >= im.width() || y >= im.height()) {
      if (fill < 0) {
        // Edge mode: repeat the nearest border pixel.
        return im.get(
            Math.min(Math.max(x, 0), im.width() - 1), Math.min(Math.max(y, 0), im.height() - 1), c);
      }
      return fill;
    }
    return im.get(x, y, c);
  }
}
