package io.imat.examples.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretrained weights really help: a network pre-trained on a related task, exported in Keras'
 * {@code save_weights} layout and imported again, fine-tuned with the two-phase recipe, beats the
 * same budget from random weights on a small target task ({@link TransferExperiment}, seed 1).
 */
class TransferTest {
  @Test
  void fineTuningFromRelatedWeightsBeatsRandomWeightsWithTheSameBudget(@TempDir Path dir)
      throws Exception {
    TransferExperiment.Result r = TransferExperiment.builder().seed(1).build().run(dir);
    assertThat(dir.resolve("pretrained_notop.h5")).isRegularFile();
    assertThat(r.validationPairs()).isGreaterThan(100);
    assertThat(r.scratchError()).as("random weights against the prior").isLessThan(r.priorError());
    assertThat(r.pretrainedError())
        .as("pretrained %s vs random %s", r.pretrainedError(), r.scratchError())
        .isLessThan(r.scratchError() - 0.02);
  }
}
