package io.imat.examples.cli;

import java.util.Arrays;
import java.util.List;

/** The median the benchmarks report: the middle of the sorted values (the upper one of two). */
final class Medians {
  private Medians() {}

  /** The median of {@code values}; NaN when there are none. */
  static double of(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The median of {@code values}; NaN when there are none. */
  static double of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
