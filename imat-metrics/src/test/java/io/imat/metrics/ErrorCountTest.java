package io.imat.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorCountTest {

  @Test
  void errorIsErrorsOverPairs() {
    assertThat(ErrorCount.of(8, 3).error()).isEqualTo(0.375);
    assertThat(ErrorCount.of(5, 0).error()).isZero();
    assertThat(ErrorCount.of(5, 5).error()).isEqualTo(1.0);
  }

  @Test
  void noPairsIsNaN() {
    assertThat(ErrorCount.of(0, 0).error()).isNaN();
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> ErrorCount.of(3, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorCount.of(3, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
