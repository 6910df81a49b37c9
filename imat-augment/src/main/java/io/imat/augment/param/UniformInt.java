package io.imat.augment.param;

import java.util.SplittableRandom;

/** A parameter drawn uniformly from the integers of a closed interval. */
final class UniformInt implements Param {
  private final int lo;
  private final int hi;

  UniformInt(int lo, int hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public double sample(SplittableRandom random) {
    return lo + random.nextLong((long) hi - lo + 1);
  }

  @Override
  public double min() {
    return lo;
  }

  @Override
  public double max() {
    return hi;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UniformInt)) {
      return false;
    }
    UniformInt u = (UniformInt) o;
    return u.lo == lo && u.hi == hi;
  }

  @Override
  public int hashCode() {
    return 31 * lo + hi;
  }

  @Override
  public String toString() {
    return "uniformInt(" + lo + ", " + hi + ")";
  }
}
