package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.predict.Predictions;
import io.imat.augment.Augmenters;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "deterministic" means here, tested: on one machine, with the same seed and the same number
 * of PyTorch threads, training gives bit-identical models whatever the number of threads decoding
 * and augmenting pictures. (Another CPU, or another PyTorch thread count, may sum in another order
 * and differ in the last bits.)
 */
class DeterminismTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir.resolve("data"), 60);
  }

  private static Predictions trainAndPredict(long seed, int loaderThreads) throws Exception {
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .augmenter(Augmenters.seedPipeline())
            .epochs(2)
            .seed(seed)
            .computeThreads(1)
            .loaderThreads(loaderThreads)
            .build()
            .train(Fixtures.train(synth, dir.resolve("data")), null)) {
      return m.predict(Fixtures.validation(synth, dir.resolve("data")));
    }
  }

  @Test
  void sameSeedSameComputeThreadsGiveBitIdenticalModelsWhateverTheLoaderThreads() throws Exception {
    Predictions a = trainAndPredict(5, 1);
    Predictions b = trainAndPredict(5, 2);
    Predictions other = trainAndPredict(6, 1);
    assertThat(a.imageIds()).isNotEmpty().isEqualTo(b.imageIds());
    boolean seedMatters = false;
    for (String id : a.imageIds()) {
      float[] x = a.probabilities(id).orElseThrow();
      assertThat(b.probabilities(id).orElseThrow()).as(id).containsExactly(x);
      seedMatters |= !java.util.Arrays.equals(x, other.probabilities(id).orElseThrow());
    }
    assertThat(seedMatters).as("another seed gives another model").isTrue();
  }
}
