package io.imat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.predict.Predictions;
import io.imat.models.PredictOptions;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one test on a real multi-JVM cluster: {@code local-cluster[2,1,1024]} starts a master and two
 * workers on 127.0.0.1, each worker an executor JVM of its own (class path: SPARK_HOME/jars, which
 * the build makes, plus this JVM's class path). A 2-fold training job, one fold per executor, then
 * a prediction job with the cross-validated model; both equal their single-machine runs.
 */
class SparkClusterTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static SyntheticDataset synth;

  @BeforeAll
  static void start() throws Exception {
    synth = SparkFixtures.synth(dir.resolve("data"), 48);
    sc = ImatSpark.start("local-cluster[2,1,1024]", "SparkClusterTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @Test
  void twoFoldTrainingAndPredictionEqualOneMachine() throws Exception {
    Path data = dir.resolve("data");
    PictureSet train = PictureSet.of(synth.train(), data.resolve("images"));
    PictureSet valid = PictureSet.of(synth.validation(), data.resolve("images"));
    CrossValidationResult reference =
        CrossValidation.builder()
            .classifier(SparkFixtures.tinyClassifier(2))
            .folds(2)
            .saveModelsTo(dir.resolve("reference"))
            .build()
            .run(train, List.of(valid));

    Path out = dir.resolve("cluster");
    CrossValidationResult r =
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
                out.toString())
            .get("tiny");

    // Each fold trained in an executor JVM with one PyTorch thread (the task's one CPU), as the
    // reference did here: the same numbers.
    SparkPredictorTest.assertEqual(r.outOfFold(), reference.outOfFold());
    SparkPredictorTest.assertEqual(r.averaged().get(0), reference.averaged().get(0));
    for (int f = 0; f < 2; f++) {
      assertThat(withoutTimes(r.histories().get(f).toJson()))
          .isEqualTo(withoutTimes(reference.histories().get(f).toJson()));
    }

    // Prediction with the cross-validated model: the fold average, as `imat predict` computes it.
    Predictions expected =
        CrossValidation.averageFolds(
            r.modelDirs(),
            valid,
            PredictOptions.builder().batchSize(4).build(),
            ai.djl.Device.cpu());
    Predictions p =
        SparkPredictor.builder()
            .model(out)
            .partitions(2)
            .batchSize(4) // several batches, so both executors predict
            .build()
            .predict(
                sc,
                data.resolve(SyntheticDataset.VALIDATION_FILE).toString(),
                SparkFixtures.images(data),
                dir.resolve("valid.pred").toString());
    SparkPredictorTest.assertEqual(p, expected);
  }

  /** A history without its wall-clock seconds. */
  private static com.google.gson.JsonObject withoutTimes(com.google.gson.JsonObject history) {
    com.google.gson.JsonObject h = history.deepCopy();
    h.getAsJsonArray("epochs").forEach(e -> e.getAsJsonObject().remove("seconds"));
    return h;
  }
}
