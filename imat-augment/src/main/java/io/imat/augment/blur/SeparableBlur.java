package io.imat.augment.blur;

import io.imat.augment.image.RowFilter;
import io.imat.augment.image.RowSource;

/**
 * Convolves with a symmetric kernel along rows, then along columns, with OpenCV's default {@code
 * BORDER_REFLECT_101} edges. Streams: it keeps only the {@code 2r + 1} most recent horizontally
 * filtered rows. Integer arithmetic throughout, written as simple loops over int arrays that the
 * JIT turns into SIMD code.
 */
final class SeparableBlur implements RowFilter {
  private final int[] kernel;

  /** {@code kernel} is a half kernel (centre first) in {@link GaussianKernel#BITS} fixed point. */
  SeparableBlur(int[] kernel) {
    this.kernel = kernel.clone();
  }

  @Override
  public RowSource connect(RowSource upstream) {
    return new Rows(upstream, kernel);
  }

  static int reflect101(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * n - 2;
    i = Math.floorMod(i, period);
    return i < n ? i : period - i;
  }

  private static final class Rows implements RowSource {
    private static final int SHIFT = 2 * GaussianKernel.BITS;
    private static final int ROUND = 1 << (SHIFT - 1);

    private final RowSource up;
    private final int[] k;
    private final int r;
    private final int w;
    private final int h;
    private final int c;
    private final int n;
    private final int[] raw;
    private final int[] padded;
    private final int[][] window;
    private final int[][] shifted;
    private final int[] leftSource;
    private final int[] rightSource;
    private int next;

    Rows(RowSource up, int[] kernel) {
      this.up = up;
      this.k = kernel;
      this.r = kernel.length - 1;
      this.w = up.width();
      this.h = up.height();
      this.c = up.channels();
      this.n = w * c;
      this.raw = new int[n];
      this.padded = new int[n + 2 * r * c];
      this.window = new int[2 * r + 1][n];
      this.shifted = r == 2 ? new int[4][n] : null;
      this.leftSource = new int[r];
      this.rightSource = new int[r];
      for (int j = 1; j <= r; j++) {
        leftSource[j - 1] = reflect101(-j, w);
        rightSource[j - 1] = reflect101(w - 1 + j, w);
      }
    }

    @Override
    public int width() {
      return w;
    }

    @Override
    public int height() {
      return h;
    }

    @Override
    public int channels() {
      return c;
    }

    @Override
    public void read(int y, int[] dst) {
      int need = Math.min(y + r, h - 1);
      while (next <= need) {
        up.read(next, raw);
        horizontal(window[next % window.length]);
        next++;
      }
      vertical(y, dst);
    }

    private void horizontal(int[] out) {
      int[] p = padded;
      int rc = r * c;
      System.arraycopy(raw, 0, p, rc, n);
      for (int j = 1; j <= r; j++) {
        System.arraycopy(raw, leftSource[j - 1] * c, p, rc - j * c, c);
        System.arraycopy(raw, rightSource[j - 1] * c, p, rc + n + (j - 1) * c, c);
      }
      if (r == 2) {
        // Taps at different offsets of one array keep C2 from vectorising (their alignments
        // differ); shifted copies in separate arrays make it the same loop shape as the vertical
        // pass, which it does vectorise.
        int[] a = p;
        int[] b = shifted[0];
        int[] m = shifted[1];
        int[] d = shifted[2];
        int[] e = shifted[3];
        System.arraycopy(p, c, b, 0, n);
        System.arraycopy(p, 2 * c, m, 0, n);
        System.arraycopy(p, 3 * c, d, 0, n);
        System.arraycopy(p, 4 * c, e, 0, n);
        int k0 = k[0];
        int k1 = k[1];
        int k2 = k[2];
        for (int i = 0; i < n; i++) {
          out[i] = k0 * m[i] + k1 * (b[i] + d[i]) + k2 * (a[i] + e[i]);
        }
        return;
      }
      int k0 = k[0];
      for (int i = 0; i < n; i++) {
        out[i] = k0 * p[i + rc];
      }
      for (int j = 1; j <= r; j++) {
        int kj = k[j];
        int lo = rc - j * c;
        int hi = rc + j * c;
        for (int i = 0; i < n; i++) {
          out[i] += kj * (p[i + lo] + p[i + hi]);
        }
      }
    }

    private void vertical(int y, int[] dst) {
      int size = window.length;
      int[] mid = window[y % size];
      if (r == 2) {
        int[] a = window[reflect101(y - 1, h) % size];
        int[] b = window[reflect101(y + 1, h) % size];
        int[] a2 = window[reflect101(y - 2, h) % size];
        int[] b2 = window[reflect101(y + 2, h) % size];
        int k0 = k[0];
        int k1 = k[1];
        int k2 = k[2];
        for (int i = 0; i < n; i++) {
          dst[i] = (k0 * mid[i] + k1 * (a[i] + b[i]) + k2 * (a2[i] + b2[i]) + ROUND) >> SHIFT;
        }
        return;
      }
      int k0 = k[0];
      for (int i = 0; i < n; i++) {
        dst[i] = k0 * mid[i] + ROUND;
      }
      for (int j = 1; j <= r; j++) {
        int[] a = window[reflect101(y - j, h) % size];
        int[] b = window[reflect101(y + j, h) % size];
        int kj = k[j];
        for (int i = 0; i < n; i++) {
          dst[i] += kj * (a[i] + b[i]);
        }
      }
      for (int i = 0; i < n; i++) {
        dst[i] >>= SHIFT;
      }
    }
  }
}
