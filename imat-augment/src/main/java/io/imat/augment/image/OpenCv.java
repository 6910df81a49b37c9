package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;

/**
 * The pieces of OpenCV's arithmetic that imgaug's results depend on, written out so that imat's
 * kernels round every sampling position and every weight exactly as {@code cv2.warpAffine} and
 * {@code cv2.resize} (OpenCV 4.x, 8-bit images) do. Learned from OpenCV's behaviour and checked
 * byte for byte against it (ImgaugGoldenTest, ResizeKernelTest).
 */
final class OpenCv {
  /** Fractional bits of a warp's sampling position ({@code INTER_BITS}). */
  static final int INTER_BITS = 5;

  /** Fractional bits of a warp's per-row/per-column position terms ({@code AB_BITS}). */
  static final int AB_BITS = 10;

  /** Bits of a warp's interpolation weights ({@code INTER_REMAP_COEF_BITS}). */
  static final int REMAP_BITS = 15;

  /** Bits of a resize's interpolation weights ({@code INTER_RESIZE_COEF_BITS}). */
  static final int RESIZE_BITS = 11;

  private static final float[] CUBIC_1D = cubicTable1d();
  private static final short[] CUBIC_2D = cubicTable2d();

  private OpenCv() {}

  /** {@code cvRound}: to nearest, ties to even, saturated to int. */
  static int round(double v) {
    double r = Math.rint(v);
    return r >= Integer.MAX_VALUE
        ? Integer.MAX_VALUE
        : r <= Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) r;
  }

  /** {@code cvFloor}. */
  static int floor(double v) {
    return (int) Math.floor(v);
  }

  /**
   * The inverse of a forward pixel map as {@code cv2.warpAffine} computes it when not given {@code
   * WARP_INVERSE_MAP}: {@code {a, b, c, d, e, f}} of {@code x' = a·x + b·y + c}.
   */
  static double[] invertAffine(AffineTransform forward) {
    double m0 = forward.a();
    double m1 = forward.b();
    double m2 = forward.c();
    double m3 = forward.d();
    double m4 = forward.e();
    double m5 = forward.f();
    double det = m0 * m4 - m1 * m3;
    det = det != 0 ? 1. / det : 0;
    double a11 = m4 * det;
    double a22 = m0 * det;
    m0 = a11;
    m1 *= -det;
    m3 *= -det;
    m4 = a22;
    double b1 = -m0 * m2 - m1 * m5;
    double b2 = -m3 * m2 - m4 * m5;
    return new double[] {m0, m1, b1, m3, m4, b2};
  }

  /**
   * OpenCV's cubic convolution weights ({@code interpolateCubic}, {@code A = -0.75}) at fraction
   * {@code x}, in single precision as OpenCV computes them, into {@code out[o .. o+4)}.
   */
  static void cubicWeights(float x, float[] out, int o) {
    final float a = -0.75f;
    float x1 = x + 1f;
    float c0 = ((a * x1 - 5f * a) * x1 + 8f * a) * x1 - 4f * a;
    float c1 = ((a + 2f) * x - (a + 3f)) * x * x + 1f;
    float x2 = 1f - x;
    float c2 = ((a + 2f) * x2 - (a + 3f)) * x2 * x2 + 1f;
    out[o] = c0;
    out[o + 1] = c1;
    out[o + 2] = c2;
    out[o + 3] = 1f - c0 - c1 - c2;
  }

  /**
   * The 16 fixed-point weights ({@link #REMAP_BITS} bits) of a cubic warp tap block for the
   * fractions {@code fx, fy} in 1/32 pixel, starting at {@code cubic2d()[(fy·32 + fx)·16]}: row
   * {@code k1}, column {@code k2} at offset {@code k1·4 + k2}.
   */
  static short[] cubic2d() {
    return CUBIC_2D;
  }

  private static float[] cubicTable1d() {
    int n = 1 << INTER_BITS;
    float[] t = new float[n * 4];
    float scale = 1f / n;
    for (int i = 0; i < n; i++) {
      cubicWeights(i * scale, t, i * 4);
    }
    return t;
  }

  private static short[] cubicTable2d() {
    // As OpenCV's initInterTab2D: products of the 1-D weights, rounded to 15 bits, then the
    // rounding error moved onto the largest (or smallest) of the four central weights so that
    // every block sums to exactly 1.
    int n = 1 << INTER_BITS;
    int one = 1 << REMAP_BITS;
    short[] t = new short[n * n * 16];
    int[] it = new int[16];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int sum = 0;
        for (int k1 = 0; k1 < 4; k1++) {
          float vy = CUBIC_1D[i * 4 + k1];
          for (int k2 = 0; k2 < 4; k2++) {
            float v = vy * CUBIC_1D[j * 4 + k2];
            int iv = round(v * (float) one);
            iv = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, iv));
            it[k1 * 4 + k2] = iv;
            sum += iv;
          }
        }
        if (sum != one) {
          int diff = sum - one;
          int big = 2 * 4 + 2;
          int small = big;
          for (int k1 = 2; k1 < 4; k1++) {
            for (int k2 = 2; k2 < 4; k2++) {
              int k = k1 * 4 + k2;
              if (it[k] < it[small]) {
                small = k;
              } else if (it[k] > it[big]) {
                big = k;
              }
            }
          }
          if (diff < 0) {
            it[big] -= diff;
          } else {
            it[small] -= diff;
          }
        }
        int base = (i * n + j) * 16;
        for (int k = 0; k < 16; k++) {
          t[base + k] = (short) it[k];
        }
      }
    }
    return t;
  }
}
