package io.imat.augment.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.augment.Augmenters;
import io.imat.augment.TestImages;
import io.imat.augment.image.Image;
import io.imat.augment.param.Param;
import org.junit.jupiter.api.Test;

class PixelTest {

  @Test
  void gaussianTableIsStandardNormal() {
    double sum = 0;
    double sq = 0;
    double fourth = 0;
    for (int i = 0; i < GaussianTable.SIZE; i++) {
      double z = GaussianTable.quantile(i);
      sum += z;
      sq += z * z;
      fourth += z * z * z * z;
    }
    int n = GaussianTable.SIZE;
    assertThat(sum / n).isCloseTo(0, within(1e-12));
    assertThat(sq / n).isCloseTo(1, within(1e-9));
    assertThat(fourth / n).isCloseTo(3, within(0.1)); // normal kurtosis
    assertThat(GaussianTable.quantile(n / 2)).isCloseTo(0.0003, within(0.001));
    // Median of the upper half of N(0,1) is ~0.674.
    assertThat(GaussianTable.quantile(3 * n / 4)).isCloseTo(0.6745, within(0.002));
  }

  @Test
  void noiseHasTheRequestedMeanAndStd() {
    Image grey = Image.filled(256, 256, 128, 128, 128);
    Image out = AdditiveGaussianNoise.builder().scale(Param.constant(10)).build().augment(grey, 42);
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        double d = out.get(x, y, 0) - 128;
        sum += d;
        sq += d * d;
        n++;
        // Grey noise: one value per pixel, shared by the channels.
        assertThat(out.get(x, y, 1)).isEqualTo(out.get(x, y, 0));
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(sq / n - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.15));
    // Rounding to whole levels adds 1/12 to the variance.
    assertThat(std).isCloseTo(Math.sqrt(100 + 1.0 / 12), within(0.15));
  }

  @Test
  void perChannelNoiseDiffersBetweenChannelsAndLocShifts() {
    Image grey = Image.filled(64, 64, 100, 100, 100);
    Image out =
        AdditiveGaussianNoise.builder()
            .scale(Param.constant(8))
            .loc(Param.constant(20))
            .perChannel(true)
            .build()
            .augment(grey, 1);
    int differing = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        if (out.get(x, y, 0) != out.get(x, y, 2)) {
          differing++;
        }
      }
    }
    assertThat(differing).isGreaterThan(3000);
    assertThat(TestImages.mean(out)).isCloseTo(120, within(0.5));
  }

  @Test
  void noiseClipsToTheValueRange() {
    Image white = Image.filled(32, 32, 255);
    Image out = AdditiveGaussianNoise.builder().scale(Param.constant(50)).build().augment(white, 3);
    assertThat(TestImages.mean(out)).isLessThan(255).isGreaterThan(200);
  }

  @Test
  void zeroNoiseAndUnitContrastAreIdentities() {
    Image im = TestImages.random(20, 10, 3, 9);
    assertThat(Augmenters.additiveGaussianNoise(0, 0).augment(im, 1)).isSameAs(im);
    assertThat(Augmenters.linearContrast(1, 1).augment(im, 1)).isSameAs(im);
    assertThat(Augmenters.multiply(1, 1).augment(im, 1)).isSameAs(im);
    // A table that is the identity still renders, and must change nothing.
    assertThat(LinearContrast.of(Param.constant(1), 1.0).augment(im, 1)).isEqualTo(im);
  }

  @Test
  void linearContrastScalesAroundImgaugsCentre() {
    // imgaug 0.4.0 on uint8: 127 + α(v − 127) in float32, clipped, truncated.
    Image im = Image.grey(4, 1, new byte[] {0, 100, (byte) 200, (byte) 255});
    Image out = LinearContrast.of(Param.constant(2), 0).augment(im, 1);
    assertThat(out.get(0, 0, 0)).isZero(); // 127 - 254 clipped
    assertThat(out.get(1, 0, 0)).isEqualTo(73); // 127 + 2 * (100 - 127)
    assertThat(out.get(2, 0, 0)).isEqualTo(255);
    Image half = LinearContrast.of(Param.constant(0.5), 0).augment(im, 1);
    assertThat(half.get(0, 0, 0)).isEqualTo(63); // 63.5 truncated
    assertThat(half.get(3, 0, 0)).isEqualTo(191); // 191
    Image mild = LinearContrast.of(Param.constant(0.7), 0).augment(im, 1);
    assertThat(mild.get(1, 0, 0)).isEqualTo(108); // 127 - 18.9 = 108.1 truncated
  }

  @Test
  void multiplyScalesAndClips() {
    Image im = Image.filled(3, 3, 100, 200, 10);
    Image out = Multiply.of(Param.constant(1.5), 0).augment(im, 1);
    assertThat(out).isEqualTo(Image.filled(3, 3, 150, 255, 15));
    // imgaug truncates its float32 products: 99 · 0.5 = 49.5 becomes 49.
    Image half = Multiply.of(Param.constant(0.5), 0).augment(Image.filled(1, 1, 99, 98, 1), 1);
    assertThat(half).isEqualTo(Image.filled(1, 1, 49, 49, 0));
  }

  @Test
  void consecutiveTablesComposeExactly() {
    Image im = TestImages.random(30, 20, 3, 2);
    Image both =
        Augmenters.sequential(
                Multiply.of(Param.constant(1.3), 0), LinearContrast.of(Param.constant(0.8), 0))
            .augment(im, 1);
    Image stepwise =
        LinearContrast.of(Param.constant(0.8), 0)
            .augment(Multiply.of(Param.constant(1.3), 0).augment(im, 1), 1);
    assertThat(both).isEqualTo(stepwise);
  }

  @Test
  void badParametersFailAtBuildTime() {
    assertThatThrownBy(() -> Augmenters.additiveGaussianNoise(-1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noise scale");
    assertThatThrownBy(() -> AdditiveGaussianNoise.builder().perChannel(2.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Augmenters.multiply(-0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinearContrast.of(Param.uniform(0.5, 1.5), -0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
