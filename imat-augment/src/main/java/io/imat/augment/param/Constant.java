package io.imat.augment.param;

import java.util.SplittableRandom;

/** A parameter that is always the same number. */
final class Constant implements Param {
  private final double value;

  Constant(double value) {
    this.value = value;
  }

  @Override
  public double sample(SplittableRandom random) {
    return value;
  }

  @Override
  public boolean isConstant() {
    return true;
  }

  @Override
  public double min() {
    return value;
  }

  @Override
  public double max() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Constant && Double.compare(((Constant) o).value, value) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(value);
  }

  @Override
  public String toString() {
    return "constant(" + value + ")";
  }
}
