package io.imat.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {
  @Test
  void middleOfTheSortedValuesOrTheMeanOfTheTwoMiddleOnes() {
    assertThat(Medians.of(5, 1, 100)).isEqualTo(5);
    assertThat(Medians.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Medians.of()).isNaN();
  }

  @Test
  void leavesTheInputAlone() {
    double[] values = {3, 1, 2};
    Medians.of(values);
    assertThat(values).containsExactly(3, 1, 2);
  }
}
