package io.imat.augment.pixel;

/**
 * Standard normal numbers by table lookup: the 4096 quantiles {@code Φ⁻¹((i + ½) / 4096)}, rescaled
 * to unit variance, indexed by 12 random bits. Five draws come from one {@code nextLong()}, about
 * ten times faster than {@code nextGaussian()}, and exactly reproducible.
 *
 * <p>The price is a discrete distribution whose tails stop at ±3.7σ; once scaled by an 8-bit noise
 * amplitude and rounded to whole pixel values this is indistinguishable from true Gaussian noise.
 */
final class GaussianTable {
  /** Random bits consumed per draw. */
  static final int BITS = 12;

  static final int SIZE = 1 << BITS;
  static final int MASK = SIZE - 1;

  private static final double[] QUANTILES = build();

  private GaussianTable() {}

  /** The {@code i}-th quantile, {@code 0 <= i < SIZE}; symmetric, mean 0, variance 1. */
  static double quantile(int i) {
    return QUANTILES[i];
  }

  private static double[] build() {
    // Integrate the density on a fine grid (trapezoid rule) and invert the CDF by interpolation:
    // accurate to ~1e-7, far below the 8-bit resolution the table serves.
    double lo = -8;
    double step = 1e-4;
    int n = (int) Math.round(16 / step);
    double[] cdf = new double[n + 1];
    double norm = 1 / Math.sqrt(2 * Math.PI);
    double prev = norm * Math.exp(-lo * lo / 2);
    for (int i = 1; i <= n; i++) {
      double x = lo + i * step;
      double cur = norm * Math.exp(-x * x / 2);
      cdf[i] = cdf[i - 1] + (prev + cur) * step / 2;
      prev = cur;
    }
    double[] q = new double[SIZE];
    int j = 0;
    for (int i = 0; i < SIZE / 2; i++) {
      double p = (i + 0.5) / SIZE;
      while (cdf[j + 1] < p) {
        j++;
      }
      double t = (p - cdf[j]) / (cdf[j + 1] - cdf[j]);
      q[i] = lo + (j + t) * step;
      q[SIZE - 1 - i] = -q[i]; // exact symmetry: mean exactly 0
    }
    double var = 0;
    for (double v : q) {
      var += v * v;
    }
    double k = 1 / Math.sqrt(var / SIZE);
    for (int i = 0; i < SIZE; i++) {
      q[i] *= k;
    }
    return q;
  }
}
