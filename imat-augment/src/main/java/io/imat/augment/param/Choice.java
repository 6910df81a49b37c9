package io.imat.augment.param;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A parameter chosen uniformly from a list of values. */
final class Choice implements Param {
  private final double[] values;
  private final double min;
  private final double max;

  Choice(double[] values) {
    this.values = values;
    this.min = Arrays.stream(values).min().orElseThrow();
    this.max = Arrays.stream(values).max().orElseThrow();
  }

  @Override
  public double sample(SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  @Override
  public double min() {
    return min;
  }

  @Override
  public double max() {
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Choice && Arrays.equals(((Choice) o).values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "choice" + Arrays.toString(values).replace('[', '(').replace(']', ')');
  }
}
