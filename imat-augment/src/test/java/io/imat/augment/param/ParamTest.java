package io.imat.augment.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParamTest {

  @Test
  void uniformStaysInRangeAndCoversIt() {
    Param p = Param.uniform(-2, 3);
    SplittableRandom r = new SplittableRandom(1);
    double min = 10;
    double max = -10;
    for (int i = 0; i < 10_000; i++) {
      double v = p.sample(r);
      assertThat(v).isBetween(-2.0, 3.0);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isLessThan(-1.99);
    assertThat(max).isGreaterThan(2.99);
  }

  @Test
  void uniformIntHitsEveryValue() {
    Param p = Param.uniformInt(0, 4);
    SplittableRandom r = new SplittableRandom(2);
    Set<Double> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(p.sample(r));
    }
    assertThat(seen).containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0, 4.0);
  }

  @Test
  void choiceAndConstant() {
    Param c = Param.choice(1, 5, 9);
    assertThat(c.min()).isEqualTo(1);
    assertThat(c.max()).isEqualTo(9);
    assertThat(Param.choice(1, 5, 9).sample(new SplittableRandom(3))).isIn(1.0, 5.0, 9.0);
    assertThat(Param.constant(4).sample(new SplittableRandom(4))).isEqualTo(4);
  }

  @Test
  void badRangesFailAtBuildTime() {
    assertThatThrownBy(() -> Param.uniform(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> Param.uniform(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lo <= hi");
    assertThatThrownBy(() -> Param.constant(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(Param::choice).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Param.uniform(-1, 1).requireWithin(0, 5, "sigma"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigma");
    assertThatThrownBy(() -> Param.uniform(0, 1).requirePositive("scale"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Param.requireProbability(1.5, "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Param.requireProbability(Double.NaN, "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Param.requireProbability(0, "p")).isZero();
  }
}
