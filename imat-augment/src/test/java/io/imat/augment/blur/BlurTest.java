package io.imat.augment.blur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.augment.TestImages;
import io.imat.augment.image.Image;
import io.imat.augment.param.Param;
import org.junit.jupiter.api.Test;

class BlurTest {

  @Test
  void kernelSizeFollowsImgaug() {
    assertThat(GaussianKernel.radius(0.5)).isEqualTo(2); // ksize 5 minimum
    assertThat(GaussianKernel.radius(1.0)).isEqualTo(2);
    assertThat(GaussianKernel.radius(2.0)).isEqualTo(3); // int(6.6) = 6 -> 7
    assertThat(GaussianKernel.radius(4.0)).isEqualTo(5); // int(11.6) = 11
    // Taps that round to zero are dropped: sigma 0.35 keeps only the nearest neighbours.
    assertThat(GaussianKernel.weights(0.35)).hasSize(2);
    for (double sigma : new double[] {0.3, 0.8, 1.7, 3.5}) {
      int[] k = GaussianKernel.weights(sigma);
      int sum = k[0];
      for (int j = 1; j < k.length; j++) {
        sum += 2 * k[j];
        assertThat(k[j]).isLessThanOrEqualTo(k[j - 1]);
      }
      assertThat(sum).isEqualTo(GaussianKernel.ONE);
    }
  }

  @Test
  void zeroSigmaIsIdentity() {
    Image im = TestImages.random(17, 11, 3, 1);
    assertThat(GaussianBlur.of(Param.constant(0)).augment(im, 1)).isSameAs(im);
    assertThat(GaussianBlur.of(Param.constant(0.05)).augment(im, 1)).isSameAs(im);
  }

  @Test
  void flatAreasStayFlat() {
    Image flat = Image.filled(9, 7, 10, 120, 250);
    assertThat(GaussianBlur.of(Param.constant(1.5)).augment(flat, 1)).isEqualTo(flat);
  }

  @Test
  void matchesReferenceConvolutionWithReflect101Borders() {
    for (int channels : new int[] {1, 3}) {
      for (double sigma : new double[] {0.35, 0.7, 2.5}) {
        Image im = TestImages.random(23, 15, 3, 5);
        im = channels == 1 ? im.toGrey() : im;
        Image fast = GaussianBlur.of(Param.constant(sigma)).augment(im, 1);
        Image ref = reference(im, sigma);
        assertThat(TestImages.maxAbsDiff(fast, ref))
            .as("sigma %s, %d channels", sigma, channels)
            .isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void tinyImagesWork() {
    Image one = Image.filled(1, 1, 77);
    assertThat(GaussianBlur.of(Param.constant(2)).augment(one, 1)).isEqualTo(one);
    Image two = Image.grey(2, 1, new byte[] {0, (byte) 200});
    Image out = GaussianBlur.of(Param.constant(1)).augment(two, 1);
    assertThat(out.get(0, 0, 0)).isBetween(40, 100);
    assertThat(out.get(1, 0, 0)).isBetween(100, 160);
  }

  @Test
  void rejectsNegativeSigma() {
    assertThatThrownBy(() -> GaussianBlur.of(-1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blur sigma");
  }

  /** Direct 2-D Gaussian convolution in doubles with OpenCV's reflect-101 border. */
  private static Image reference(Image im, double sigma) {
    int r = GaussianKernel.radius(sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int j = -r; j <= r; j++) {
      k[j + r] = Math.exp(-j * j / (2 * sigma * sigma));
      sum += k[j + r];
    }
    for (int j = 0; j < k.length; j++) {
      k[j] /= sum;
    }
    int w = im.width();
    int h = im.height();
    return Image.generate(
        w,
        h,
        im.channels(),
        (x, y, c) -> {
          double v = 0;
          for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
              int sx = SeparableBlur.reflect101(x + dx, w);
              int sy = SeparableBlur.reflect101(y + dy, h);
              v += k[dx + r] * k[dy + r] * im.get(sx, sy, c);
            }
          }
          return (int) Math.round(v);
        });
  }
}
