package io.imat.augment.blur;

import java.util.Arrays;

/**
 * A symmetric 1-D Gaussian kernel in 10-bit fixed point: {@code weights[0]} is the centre tap,
 * {@code weights[j]} the taps at distance {@code j}, and the full kernel sums to exactly 1024, so a
 * flat area stays exactly flat. The size follows imgaug ({@code ksize = max(3.3σ, 5)} for σ below
 * 3, then 2.9σ and 2.6σ, made odd), which imgaug hands to OpenCV's {@code GaussianBlur}.
 */
final class GaussianKernel {
  static final int BITS = 10;
  static final int ONE = 1 << BITS;

  private GaussianKernel() {}

  /** The radius (half the kernel size, rounded down) imgaug uses for {@code sigma}. */
  static int radius(double sigma) {
    double k = sigma < 3 ? 3.3 * sigma : sigma < 5 ? 2.9 * sigma : 2.6 * sigma;
    int ksize = (int) Math.max(k, 5);
    if (ksize % 2 == 0) {
      ksize++;
    }
    return ksize / 2;
  }

  /** The half kernel for {@code sigma > 0}; see the class comment. */
  static int[] weights(double sigma) {
    int r = radius(sigma);
    double[] w = new double[r + 1];
    double sum = 0;
    for (int j = 0; j <= r; j++) {
      w[j] = Math.exp(-(double) j * j / (2 * sigma * sigma));
      sum += j == 0 ? w[j] : 2 * w[j];
    }
    int[] out = new int[r + 1];
    int sides = 0;
    for (int j = 1; j <= r; j++) {
      out[j] = (int) Math.rint(w[j] / sum * ONE);
      sides += 2 * out[j];
    }
    out[0] = ONE - sides;
    // Drop trailing zero taps: they cost time and change nothing.
    int last = r;
    while (last > 0 && out[last] == 0) {
      last--;
    }
    return Arrays.copyOf(out, last + 1);
  }
}
