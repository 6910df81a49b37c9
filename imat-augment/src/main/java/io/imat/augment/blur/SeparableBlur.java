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
      this.shifted = new int[2 * r + 1][];
      for (int m = 1; m <= 2 * r; m++) {
        shifted[m] = new int[n];
      }
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
      // Taps at different offsets of one array keep C2 from vectorising (their alignments
      // differ); shifted copies in separate arrays give the loop shape of the vertical pass,
      // which it does vectorise. shifted[m][i] = p[i + m·c].
      int[][] t = shifted;
      for (int m = 1; m <= 2 * r; m++) {
        System.arraycopy(p, m * c, t[m], 0, n);
      }
      int[] first = p;
      if (r == 1) {
        int[] mid = t[1];
        int[] last = t[2];
        int k0 = k[0];
        int k1 = k[1];
        for (int i = 0; i < n; i++) {
          out[i] = k0 * mid[i] + k1 * (first[i] + last[i]);
        }
        return;
      }
      if (r == 2) {
        int[] b = t[1];
        int[] m = t[2];
        int[] d = t[3];
        int[] e = t[4];
        int k0 = k[0];
        int k1 = k[1];
        int k2 = k[2];
        for (int i = 0; i < n; i++) {
          out[i] = k0 * m[i] + k1 * (b[i] + d[i]) + k2 * (first[i] + e[i]);
        }
        return;
      }
      int[] mid = t[r];
      int k0 = k[0];
      for (int i = 0; i < n; i++) {
        out[i] = k0 * mid[i];
      }
      for (int j = 1; j <= r; j++) {
        int[] a = r - j == 0 ? first : t[r - j];
        int[] b = t[r + j];
        int kj = k[j];
        for (int i = 0; i < n; i++) {
          out[i] += kj * (a[i] + b[i]);
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
      if (r == 1) {
        int[] a = window[reflect101(y - 1, h) % size];
        int[] b = window[reflect101(y + 1, h) % size];
        int k0 = k[0];
        int k1 = k[1];
        for (int i = 0; i < n; i++) {
          dst[i] = (k0 * mid[i] + k1 * (a[i] + b[i]) + ROUND) >> SHIFT;
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
