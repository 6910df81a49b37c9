package io.imat.augment.param;

/** Argument checks shared by the parameter types. */
final class Checks {
  private Checks() {}

  static double finite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    return value;
  }
}
