package io.imat.augment.param;

import java.util.SplittableRandom;

/** A parameter drawn uniformly from a closed interval. */
final class Uniform implements Param {
  private final double lo;
  private final double hi;

  Uniform(double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public double sample(SplittableRandom random) {
    // Always consume one draw, even for lo == hi, so a range change never shifts later draws.
    double u = random.nextDouble();
    return lo == hi ? lo : Math.min(hi, lo + (hi - lo) * u);
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
    if (!(o instanceof Uniform)) {
      return false;
    }
    Uniform u = (Uniform) o;
    return Double.compare(u.lo, lo) == 0 && Double.compare(u.hi, hi) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(lo) + Double.hashCode(hi);
  }

  @Override
  public String toString() {
    return "uniform(" + lo + ", " + hi + ")";
  }
}
