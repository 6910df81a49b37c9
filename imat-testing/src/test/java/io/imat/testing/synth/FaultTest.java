package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void redirectNeedsATargetPath() {
    assertThat(Fault.redirect("/m1/2/x.jpg").target()).isEqualTo("/m1/2/x.jpg");
    assertThatThrownBy(() -> Fault.redirect("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.of(FaultKind.REDIRECT, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countMustNotBeNegative() {
    assertThatThrownBy(() -> Fault.of(FaultKind.FLAKY, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFirstSixKindsArePermanent() {
    assertThat(Arrays.stream(FaultKind.values()).filter(FaultKind::permanent))
        .containsExactly(
            FaultKind.NOT_FOUND,
            FaultKind.GONE,
            FaultKind.SERVER_ERROR,
            FaultKind.HTML_PAGE,
            FaultKind.REDIRECT_LOOP,
            FaultKind.TRUNCATED);
  }
}
