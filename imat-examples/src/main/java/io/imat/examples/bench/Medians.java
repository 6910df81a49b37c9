package io.imat.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The median every benchmark reports: the middle of the sorted values, the mean of the two middle
 * ones for an even count. One definition, so that all reported medians mean the same.
 */
public final class Medians {
  private Medians() {}

  /** The median of {@code values} (left unchanged); NaN when there are none. */
  public static double of(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The median of {@code values}; NaN when there are none. */
  public static double of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
