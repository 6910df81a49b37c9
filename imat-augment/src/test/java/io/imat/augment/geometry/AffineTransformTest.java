package io.imat.augment.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AffineTransformTest {

  @Test
  void thenAppliesLeftFirst() {
    AffineTransform t = AffineTransform.translation(1, 0).then(AffineTransform.scaling(2, 3));
    assertThat(t.mapX(1, 1)).isEqualTo(4); // (1 + 1) * 2
    assertThat(t.mapY(1, 1)).isEqualTo(3);
  }

  @Test
  void inverseUndoes() {
    AffineTransform t =
        AffineTransform.scaleRotateShear(1.3, 0.7, 0.4, 0.2)
            .then(AffineTransform.translation(5, -2));
    AffineTransform round = t.then(t.inverse());
    assertThat(round.isCloseTo(AffineTransform.identity(), 1e-12)).isTrue();
    assertThatThrownBy(() -> AffineTransform.scaling(0, 1).inverse())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rotationIsClockwiseOnScreen() {
    AffineTransform r = AffineTransform.rotation(Math.PI / 2);
    // A point to the right of the origin goes below it (y points down).
    assertThat(r.mapX(1, 0)).isCloseTo(0, within(1e-12));
    assertThat(r.mapY(1, 0)).isCloseTo(1, within(1e-12));
  }

  @Test
  void boxesBecomeBoundsOfTheirCorners() {
    BoundingBox b = BoundingBox.of(0, 0, 2, 1);
    BoundingBox r = AffineTransform.rotation(Math.PI / 2).map(b);
    assertThat(r.x1()).isCloseTo(-1, within(1e-12));
    assertThat(r.x2()).isCloseTo(0, within(1e-12));
    assertThat(r.y2()).isCloseTo(2, within(1e-12));
  }

  @Test
  void rejectsNonFiniteValues() {
    assertThatThrownBy(() -> AffineTransform.of(1, 0, Double.NaN, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keypoint.of(Double.POSITIVE_INFINITY, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BoundingBox.of(3, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boxClipping() {
    assertThat(BoundingBox.of(-5, 2, 5, 8).clipTo(4, 4)).contains(BoundingBox.of(0, 2, 4, 4));
    assertThat(BoundingBox.of(10, 10, 12, 12).clipTo(4, 4)).isEmpty();
  }
}
