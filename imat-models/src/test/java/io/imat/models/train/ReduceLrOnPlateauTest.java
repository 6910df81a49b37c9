package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReduceLrOnPlateauTest {
  @Test
  void cutsAfterPatienceBadEpochsAndNotBefore() {
    ReduceLrOnPlateau p = new ReduceLrOnPlateau(0.1, 2, 1e-6);
    double lr = 1e-3;
    lr = p.step(1.0, lr); // improvement
    assertThat(lr).isEqualTo(1e-3);
    lr = p.step(1.0, lr); // bad 1
    assertThat(lr).isEqualTo(1e-3);
    lr = p.step(1.2, lr); // bad 2 -> cut
    assertThat(lr).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
    lr = p.step(1.1, lr); // bad 1 again (counter restarted)
    assertThat(lr).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
    lr = p.step(0.5, lr); // improvement resets
    lr = p.step(0.6, lr);
    assertThat(lr).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void neverGoesBelowTheFloor() {
    ReduceLrOnPlateau p = new ReduceLrOnPlateau(0.1, 0, 5e-4);
    double lr = 1e-3;
    p.step(1.0, lr);
    lr = p.step(1.0, lr);
    assertThat(lr).isEqualTo(5e-4);
    lr = p.step(1.0, lr);
    assertThat(lr).isEqualTo(5e-4);
  }

  @Test
  void smallImprovementsBelowMinDeltaCountAsBad() {
    ReduceLrOnPlateau p = new ReduceLrOnPlateau(0.5, 1, 0, 0.01);
    double lr = p.step(1.0, 1.0);
    lr = p.step(0.995, lr);
    assertThat(lr).isEqualTo(0.5);
  }
}
