package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PreprocessingTest {
  // Two pixels: (10, 20, 30) and (255, 0, 128).
  private final Image image = Image.rgb(2, 1, new byte[] {10, 20, 30, (byte) 255, 0, (byte) 128});

  @Test
  void caffeIsBgrMinusImagenetMeanInChw() {
    float[] x = Preprocessing.caffe().toChw(image);
    assertThat(x).hasSize(6);
    // Plane 0 is blue.
    assertThat(x[0]).isCloseTo(30 - 103.939f, within(1e-4f));
    assertThat(x[1]).isCloseTo(128 - 103.939f, within(1e-4f));
    // Plane 1 green, plane 2 red.
    assertThat(x[2]).isCloseTo(20 - 116.779f, within(1e-4f));
    assertThat(x[4]).isCloseTo(10 - 123.68f, within(1e-4f));
    assertThat(x[5]).isCloseTo(255 - 123.68f, within(1e-4f));
  }

  @Test
  void tfScalesToMinusOneOne() {
    float[] x = Preprocessing.tf().toChw(image);
    assertThat(x[1]).isCloseTo(1f, within(1e-6f)); // red 255
    assertThat(x[3]).isCloseTo(-1f, within(1e-6f)); // green 0
    assertThat(x[0]).isCloseTo(10 / 127.5f - 1, within(1e-6f));
  }

  @Test
  void torchUsesMeanAndStd() {
    float[] x = Preprocessing.torch().toChw(image);
    assertThat(x[1]).isCloseTo((1f - 0.485f) / 0.229f, within(1e-5f));
    assertThat(x[5]).isCloseTo((128 / 255f - 0.406f) / 0.225f, within(1e-5f));
  }

  @Test
  void writesIntoBatchSlot() {
    float[] batch = new float[14];
    Preprocessing.tf().toChw(image, batch, 8);
    assertThat(batch[7]).isZero();
    assertThat(batch[9]).isCloseTo(1f, within(1e-6f));
    assertThatThrownBy(() -> Preprocessing.tf().toChw(image, batch, 9))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> Preprocessing.builder().std(1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Preprocessing.builder().mean(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Preprocessing.caffe().toChw(Image.filled(2, 2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean");
  }
}
