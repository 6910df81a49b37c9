package io.imat.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.image.Image;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static List<Image> batch(int n) {
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      images.add(TestImages.random(40 + i % 3, 30, 3, i));
    }
    return images;
  }

  @Test
  void sameSeedSameBitsOnAnyThreadCount() {
    List<Image> images = batch(24);
    Augmenter seed = Augmenters.seedPipeline();
    List<Image> one;
    List<Image> three;
    try (BatchAugmenter b = BatchAugmenter.builder().augmenter(seed).threads(1).build()) {
      one = b.augment(images, 1234);
    }
    try (BatchAugmenter b = BatchAugmenter.builder().augmenter(seed).threads(3).build()) {
      three = b.augment(images, 1234);
      assertThat(b.augment(images, 1234)).isEqualTo(three);
    }
    assertThat(three).isEqualTo(one);
    for (int i = 0; i < images.size(); i++) {
      assertThat(seed.augment(images.get(i), 1234, i)).isEqualTo(one.get(i));
      assertThat(one.get(i)).isNotEqualTo(images.get(i));
    }
  }

  @Test
  void differentSeedsAndIndicesDiffer() {
    Image im = TestImages.random(32, 32, 3, 1);
    Augmenter seed = Augmenters.seedPipeline();
    assertThat(seed.augment(im, 1)).isNotEqualTo(seed.augment(im, 2));
    assertThat(seed.augment(im, 1, 0)).isNotEqualTo(seed.augment(im, 1, 1));
    assertThat(seed.augment(im, 1, 5)).isEqualTo(seed.augment(im, 1, 5));
  }

  @Test
  void runsOnACallersPool() throws Exception {
    java.util.concurrent.ExecutorService shared =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<Image> images = batch(8);
      try (BatchAugmenter b =
          BatchAugmenter.builder()
              .augmenter(Augmenters.seedPipeline())
              .executor(shared, 3)
              .build()) {
        assertThat(b.augment(images, 77))
            .isEqualTo(
                BatchAugmenter.builder()
                    .augmenter(Augmenters.seedPipeline())
                    .build()
                    .augment(images, 77));
      }
      assertThat(shared.isShutdown()).isFalse();
    } finally {
      shared.shutdownNow();
    }
  }

  @Test
  void doesNotDeadlockOnASaturatedPool() throws Exception {
    // A one-thread pool whose only thread is the caller: helpers can never start.
    java.util.concurrent.ExecutorService single =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      List<Image> images = batch(6);
      java.util.concurrent.Future<List<Image>> result =
          single.submit(
              () -> {
                try (BatchAugmenter b =
                    BatchAugmenter.builder()
                        .augmenter(Augmenters.seedPipeline())
                        .executor(single, 2)
                        .build()) {
                  return b.augment(images, 5);
                }
              });
      assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(
              BatchAugmenter.builder()
                  .augmenter(Augmenters.seedPipeline())
                  .build()
                  .augment(images, 5));
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void firstIndexOffsetsTheStreams() {
    List<Image> images = batch(4);
    try (BatchAugmenter b =
        BatchAugmenter.builder().augmenter(Augmenters.seedPipeline()).threads(2).build()) {
      List<Image> later = b.augment(images, 9, 100);
      assertThat(later.get(2)).isEqualTo(Augmenters.seedPipeline().augment(images.get(2), 9, 102));
    }
  }

  @Test
  void samplesKeepAnnotationsAcrossThreads() {
    List<Sample> samples = new ArrayList<>();
    for (Image im : batch(6)) {
      samples.add(
          Sample.of(
              im,
              List.of(io.imat.augment.geometry.Keypoint.of(10, 10)),
              List.of(io.imat.augment.geometry.BoundingBox.of(5, 5, 20, 20))));
    }
    try (BatchAugmenter one =
            BatchAugmenter.builder().augmenter(Augmenters.seedPipeline()).build();
        BatchAugmenter two =
            BatchAugmenter.builder().augmenter(Augmenters.seedPipeline()).threads(2).build()) {
      assertThat(two.augmentSamples(samples, 3, 0)).isEqualTo(one.augmentSamples(samples, 3, 0));
    }
  }

  @Test
  void workerFailuresReachTheCaller() {
    Augmenter boom =
        (canvas, random) -> {
          throw new IllegalStateException("boom");
        };
    try (BatchAugmenter b = BatchAugmenter.builder().augmenter(boom).threads(2).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.augment(batch(5), 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> BatchAugmenter.builder().augmenter(boom).threads(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
