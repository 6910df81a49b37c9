package io.imat.augment.blur;

import java.util.Arrays;

/**
 * A symmetric 1-D Gaussian kernel in 8-bit fixed point, as OpenCV's {@code GaussianBlur} builds it
 * for 8-bit images (its bit-exact kernel): the side taps are differences of rounded running sums
 * from the outermost tap inwards, so their rounding errors do not add up, and the centre tap takes
 * the remainder, so the full kernel sums to exactly 256 and a flat area stays flat (checked against
 * OpenCV 4.6 on the golden pictures). {@code weights[0]} is the centre tap, {@code weights[j]} the
 * taps at distance {@code j}. The size follows imgaug ({@code ksize = max(3.3σ, 5)} for σ below 3,
 * then 2.9σ and 2.6σ, made odd), which imgaug hands to OpenCV.
 */
final class GaussianKernel {
  static final int BITS = 8;
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
    // OpenCV's order of operations: exp(x²·(−0.125/σ²)) on doubled offsets x, the outer taps
    // first, their sum doubled plus the centre's 1; then the running sums of the side taps times
    // 1/sum are rounded, and each tap is the step between two of them.
    double scale2 = -0.5 * 0.25 / (sigma * sigma);
    double[] w = new double[r + 1];
    double sum = 0;
    for (int j = r; j >= 1; j--) {
      double x = 2.0 * j;
      w[j] = Math.exp(x * x * scale2);
      sum += w[j];
    }
    sum = sum * 2 + 1;
    double mul = 1 / sum;
    int[] out = new int[r + 1];
    int sides = 0;
    double running = 0;
    int rounded = 0;
    for (int j = r; j >= 1; j--) {
      running += w[j] * mul;
      int next = (int) Math.rint(running * ONE);
      out[j] = next - rounded;
      rounded = next;
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
