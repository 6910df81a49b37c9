package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import io.imat.api.progress.ProgressListener;
import io.imat.models.Fixtures;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory stays flat: after every fine-tuning epoch (checkpoint written, validation run) the
 * run holds exactly as many NDArrays as after the first. Adam used to leave one array per parameter
 * behind at every checkpoint.
 */
class NativeMemoryTest {
  @TempDir Path dir;

  @Test
  void theNdArrayCountDoesNotGrowFromEpochToEpoch() throws Exception {
    SyntheticDataset synth = Fixtures.synth(dir.resolve("data"), 60);
    TrainingConfig config = Fixtures.tinyClassifier().epochs(6).warmupEpochs(1).build().config();
    List<Integer> counts = new ArrayList<>();
    TrainingRun run =
        new TrainingRun(
                config,
                Fixtures.train(synth, dir.resolve("data")),
                Fixtures.validation(synth, dir.resolve("data")),
                new Checkpoint(dir.resolve("ckpt")),
                false,
                ProgressListener.none())
            .observe(
                (epoch, manager) ->
                    counts.add(((BaseNDManager) manager).getManagedArrays().size()));
    try (var model = run.run().model()) {
      assertThat(counts).hasSize(6);
      // Epoch 1 is the head-only warm-up (Adam state for the head only); from epoch 2 on every
      // parameter has its moments, and nothing else may accumulate.
      assertThat(counts.get(1)).isGreaterThan(counts.get(0));
      assertThat(counts.subList(1, 6))
          .as("arrays after each epoch: %s", counts)
          .containsOnly(counts.get(1));
    }
  }
}
