package io.imat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.predict.Predictions;
import io.imat.models.TrainedModel;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries on {@code local[2,2]} (two attempts per task; {@code local[2]} never retries): the first
 * attempt of one task fails on purpose after writing its output; the job still completes with every
 * row once, and a retried fold resumes from its checkpoint.
 */
class SparkRetryTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static SyntheticDataset synth;

  @BeforeAll
  static void start() throws Exception {
    synth = SparkFixtures.synth(dir.resolve("data"), 48);
    sc = ImatSpark.start("local[2,2]", "SparkRetryTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @AfterEach
  void noMoreFaults() {
    TaskSupport.faults = (tc, point) -> false;
  }

  @Test
  void aFailedPredictionAttemptLeavesNoDuplicateRows() throws Exception {
    Path data = dir.resolve("data");
    Path model = dir.resolve("model");
    Predictions reference;
    try (TrainedModel m =
        SparkFixtures.tinyClassifier(1)
            .train(PictureSet.of(synth.train(), data.resolve("images")), null)) {
      m.save(model);
      reference = m.predict(PictureSet.of(synth.train(), data.resolve("images")));
    }
    List<String> failed = new CopyOnWriteArrayList<>();
    TaskSupport.faults =
        (tc, point) -> {
          boolean fail =
              point.equals("predict:published") && tc.partitionId() == 1 && tc.attemptNumber() == 0;
          if (fail) {
            failed.add(point);
          }
          return fail;
        };
    Path out = dir.resolve("retry.pred");
    Predictions p =
        SparkPredictor.builder()
            .model(model)
            .partitions(3)
            .build()
            .predict(sc, SparkFixtures.trainFile(data), SparkFixtures.images(data), out.toString());

    assertThat(failed).hasSize(1); // the first attempt did fail, after writing its part file
    SparkPredictorTest.assertEqual(p, reference); // every row, once, as on one machine
    SparkPredictorTest.assertEqual(Predictions.read(out), reference);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.filter(f -> f.getFileName().toString().contains(".parts-"))).isEmpty();
    }
  }

  @Test
  void aFailedFoldResumesFromItsCheckpointAndTheResultIsComplete() throws Exception {
    Path data = dir.resolve("data");
    List<String> epochStarts = new CopyOnWriteArrayList<>();
    TaskSupport.faults =
        (tc, point) -> {
          if (point.startsWith("progress:epoch") && tc.partitionId() == 1) {
            epochStarts.add(tc.attemptNumber() + " " + point);
          }
          // Fold 2's first attempt dies when its second epoch starts: epoch 1 is checkpointed.
          return point.equals("progress:epoch 2/2")
              && tc.partitionId() == 1
              && tc.attemptNumber() == 0;
        };
    Path out = dir.resolve("cv");
    Map<String, CrossValidationResult> results =
        SparkCrossValidation.builder()
            .model("tiny", SparkFixtures.tinyRecipe(2))
            .folds(2)
            .build()
            .run(
                sc,
                PictureSource.of(SparkFixtures.trainFile(data), SparkFixtures.images(data)),
                List.of(
                    PictureSource.of(
                        data.resolve(SyntheticDataset.VALIDATION_FILE).toString(),
                        SparkFixtures.images(data))),
                out.toString());

    // The retry resumed at epoch 2: epoch 1 of fold 2 ran once, in the failed attempt.
    assertThat(epochStarts)
        .containsExactly("0 progress:epoch 1/2", "0 progress:epoch 2/2", "1 progress:epoch 2/2");
    CrossValidationResult r = results.get("tiny");
    List<String> readable =
        synth.train().images().stream().map(i -> i.id()).filter(id -> !synth.isGone(id)).toList();
    assertThat(r.outOfFold().imageIds()).containsExactlyInAnyOrderElementsOf(readable);
    assertThat(r.histories()).allSatisfy(h -> assertThat(h.epochs()).hasSize(2));
    assertThat(r.modelDirs())
        .containsExactly(out.resolve("fold-1"), out.resolve("fold-2"))
        .allSatisfy(d -> assertThat(d.resolve(TrainedModel.CONFIG)).exists());
    assertThat(r.averaged()).hasSize(1);
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "fold-1", "fold-2", "fold-1-checkpoints", "fold-2-checkpoints");
    }
  }
}
