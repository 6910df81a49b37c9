package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.models.Classifier;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule inside a real run: plateau cuts, early stopping, best epoch kept. */
class TrainingScheduleTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir.resolve("data"), 100);
  }

  @Test
  void theLearningRateIsCutAfterPatienceEpochsWithoutABetterValidationLoss() throws Exception {
    // With a tiny learning rate the validation loss stalls (only batch-norm statistics move), so
    // plateaus come quickly. The recorded rates must follow Keras' rule applied to the recorded
    // validation losses: cut by the factor after `patience` epochs without a 1e-4 improvement.
    int patience = 1;
    Classifier c =
        Fixtures.tinyClassifier().epochs(7).adam(1e-6).reduceLrOnPlateau(0.5, patience, 0).build();
    try (TrainedModel m =
        c.train(
            Fixtures.train(synth, dir.resolve("data")),
            Fixtures.validation(synth, dir.resolve("data")))) {
      List<EpochStats> epochs = m.history().epochs();
      double best = Double.POSITIVE_INFINITY;
      int bad = 0;
      double lr = 1e-6;
      int cuts = 0;
      for (EpochStats e : epochs) {
        assertThat(e.learningRate()).as("epoch %s", e.epoch()).isEqualTo(lr);
        if (e.validationLoss() < best - 1e-4) {
          best = e.validationLoss();
          bad = 0;
        } else if (++bad >= patience) {
          lr *= 0.5;
          bad = 0;
          cuts++;
        }
      }
      assertThat(cuts).as("the run should have hit a plateau").isPositive();
    }
  }

  @Test
  void earlyStoppingEndsTheRunAndTheBestEpochIsKept() throws Exception {
    Classifier c = Fixtures.tinyClassifier().epochs(12).adam(1e-9).earlyStopping(2).build();
    try (TrainedModel m =
        c.train(
            Fixtures.train(synth, dir.resolve("data")),
            Fixtures.validation(synth, dir.resolve("data")))) {
      TrainingHistory h = m.history();
      assertThat(h.epochs().size()).isLessThan(12);
      double best =
          h.epochs().stream().mapToDouble(EpochStats::validationError).min().orElseThrow();
      assertThat(h.best().orElseThrow().validationError()).isEqualTo(best);
      // The model holds the best epoch's weights: re-scoring gives its error.
      var p = m.predict(Fixtures.validation(synth, dir.resolve("data")));
      assertThat(io.imat.metrics.TopOneError.of(synth.validation()).score(p).score())
          .isEqualTo(best);
    }
  }
}
