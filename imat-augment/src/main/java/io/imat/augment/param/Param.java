package io.imat.augment.param;

import java.util.SplittableRandom;

/**
 * A random (or constant) number an augmenter draws once per image, as imgaug's stochastic
 * parameters: {@link #constant} for a number, {@link #uniform} for a tuple {@code (a, b)}, {@link
 * #choice} for a list. Implementations are immutable and draw only from the random source they are
 * given, which is what makes augmentation reproducible.
 *
 * <p>{@link #min()} and {@link #max()} bound every sample, so augmenter builders can reject bad
 * ranges (a negative blur sigma, a probability above one) when the pipeline is built, not in the
 * middle of an epoch.
 */
public interface Param {

  /** Draws one value. */
  double sample(SplittableRandom random);

  /** The smallest value {@link #sample} can return. */
  double min();

  /** The largest value {@link #sample} can return. */
  double max();

  /**
   * Whether this is {@link #constant}: imgaug's {@code Deterministic}, which draws a plain float as
   * {@code float32}, where its tuples and lists draw {@code float64}. Augmenters that reproduce
   * imgaug's rounding (Crop's percentages) compute in the same precision.
   */
  default boolean isConstant() {
    return false;
  }

  /**
   * Returns this parameter after checking that every sample lies in {@code [lo, hi]}.
   *
   * @throws IllegalArgumentException naming {@code name} if a sample could fall outside
   */
  default Param requireWithin(double lo, double hi, String name) {
    if (!(min() >= lo && max() <= hi)) {
      throw new IllegalArgumentException(
          name + " must lie in [" + lo + ", " + hi + "], got " + this);
    }
    return this;
  }

  /**
   * Returns this parameter after checking that every sample is strictly positive.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  default Param requirePositive(String name) {
    if (!(min() > 0)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + this);
    }
    return this;
  }

  /**
   * Always {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  static Param constant(double value) {
    return new Constant(Checks.finite(value, "constant"));
  }

  /**
   * Uniform on {@code [lo, hi]}, imgaug's {@code (lo, hi)} tuple. {@code lo == hi} is allowed and
   * acts as a constant.
   *
   * @throws IllegalArgumentException if a bound is not finite or {@code lo > hi}
   */
  static Param uniform(double lo, double hi) {
    Checks.finite(lo, "lower bound");
    Checks.finite(hi, "upper bound");
    if (lo > hi) {
      throw new IllegalArgumentException(
          "uniform range needs lo <= hi, got (" + lo + ", " + hi + ")");
    }
    return new Uniform(lo, hi);
  }

  /**
   * A uniformly chosen integer in {@code [lo, hi]} (both included), imgaug's {@code
   * DiscreteUniform} (what a pixel-count tuple means).
   *
   * @throws IllegalArgumentException if {@code lo > hi}
   */
  static Param uniformInt(int lo, int hi) {
    if (lo > hi) {
      throw new IllegalArgumentException(
          "integer range needs lo <= hi, got (" + lo + ", " + hi + ")");
    }
    return new UniformInt(lo, hi);
  }

  /**
   * One of {@code values}, each equally likely, imgaug's list parameter.
   *
   * @throws IllegalArgumentException if {@code values} is empty or holds a non-finite value
   */
  static Param choice(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("choice needs at least one value");
    }
    for (double v : values) {
      Checks.finite(v, "choice value");
    }
    return new Choice(values.clone());
  }

  /**
   * Checks that {@code p} is a probability.
   *
   * @return {@code p}
   * @throws IllegalArgumentException naming {@code name} if {@code p} is NaN or outside [0, 1]
   */
  static double requireProbability(double p, String name) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
    }
    return p;
  }
}
