package io.imat.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.image.Image;
import io.imat.augment.meta.Sequential;
import org.junit.jupiter.api.Test;

class SeedPipelineTest {

  @Test
  void hasTheSeedTeamsSteps() {
    Sequential seq = (Sequential) Augmenters.seedPipeline();
    assertThat(seq.children()).hasSize(6);
    String text = seq.toString();
    assertThat(text)
        .contains("Crop(percent")
        .contains("uniform(0.0, 0.1)")
        .contains("Fliplr(0.5)")
        .contains("uniform(0.9, 1.1)")
        .contains("uniform(-15.0, 15.0)")
        .contains("uniform(-8.0, 8.0)")
        .contains("uniform(0.0, 12.75)")
        .contains("GaussianBlur(sigma=uniform(0.0, 1.0))")
        .contains("uniform(0.75, 1.25)");
  }

  @Test
  void pipelinesByName() {
    Image im = TestImages.random(20, 20, 3, 1);
    assertThat(Augmenters.pipeline("seed").augment(im, 3))
        .isEqualTo(Augmenters.seedPipeline().augment(im, 3));
    assertThat(Augmenters.pipeline("none").augment(im, 3)).isSameAs(im);
    assertThat(Augmenters.pipelineNames()).contains("seed", "none");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Augmenters.pipeline("strong"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed");
  }

  @Test
  void keepsSizeAndChangesPixels() {
    Image im = TestImages.smooth(64, 48);
    Image out = Augmenters.seedPipeline().augment(im, 5);
    assertThat(out.width()).isEqualTo(64);
    assertThat(out.height()).isEqualTo(48);
    assertThat(out.channels()).isEqualTo(3);
    assertThat(TestImages.maxAbsDiff(out, im)).isGreaterThan(10);
  }

  @Test
  void worksOnGreyAndRgba() {
    Image grey = TestImages.random(30, 20, 1, 2);
    Image rgba = TestImages.random(30, 20, 4, 3);
    assertThat(Augmenters.seedPipeline().augment(grey, 1).channels()).isEqualTo(1);
    assertThat(Augmenters.seedPipeline().augment(rgba, 1).channels()).isEqualTo(4);
  }
}
