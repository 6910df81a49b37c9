package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.predict.Predictions;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.augment.Augmenters;
import io.imat.models.Classifier;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: a run SIGKILLed in a child JVM — between two batches, inside a batch, or in the
 * middle of writing a checkpoint — and resumed gives bit for bit the weights, history (but the
 * seconds) and predictions of the run that was never interrupted; resuming a finished run trains
 * nothing. The recipe exercises everything a checkpoint must carry: two phases (a fresh Adam state
 * and learning rate at the switch), plateau cuts, early-stopping counts, augmentation, shuffling
 * and dropout. Kill points are drawn at random (the seed is in every failure message; set {@code
 * -Dimat.resume.seed=S} to replay).
 */
class ResumeTest {
  static final int EPOCHS = 5;
  static final long SEED = Long.getLong("imat.resume.seed", System.nanoTime());

  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path data;
  static byte[] referenceWeights;
  static JsonElement referenceHistory;
  static Predictions referencePredictions;
  static final Random random = new Random(SEED);

  static Classifier.Builder classifier(Path checkpoints) {
    return Fixtures.tinyClassifier()
        .epochs(EPOCHS)
        .warmupEpochs(1)
        .augmenter(Augmenters.seedPipeline())
        .reduceLrOnPlateau(0.5, 1)
        .earlyStopping(4)
        .checkpoints(checkpoints);
  }

  @BeforeAll
  static void reference() throws Exception {
    data = dir.resolve("data");
    synth = Fixtures.synth(data, 160);
    Path model = dir.resolve("reference-model");
    try (TrainedModel m =
        classifier(dir.resolve("reference-ckpt"))
            .build()
            .train(Fixtures.train(synth, data), Fixtures.validation(synth, data))) {
      m.save(model);
      referencePredictions = m.predict(Fixtures.validation(synth, data));
    }
    referenceWeights = Files.readAllBytes(model.resolve(TrainedModel.WEIGHTS));
    referenceHistory = withoutSeconds(model.resolve(TrainedModel.HISTORY));
  }

  @Test
  void killedBetweenTwoBatchesResumesExactly() throws Exception {
    int epoch = 2 + random.nextInt(EPOCHS - 2);
    killAndResume(List.of("between:" + epoch + ":" + (1 + random.nextInt(4))));
  }

  @Test
  void killedInsideABatchResumesExactly() throws Exception {
    int epoch = 2 + random.nextInt(EPOCHS - 2);
    killAndResume(
        List.of("inside:" + epoch + ":" + (1 + random.nextInt(4)) + ":" + random.nextInt(30)));
  }

  @Test
  void killedWhileWritingACheckpointResumesExactly() throws Exception {
    String[] files = {"params", "optimizer", "best", "state", "cleanup"};
    int epoch = 1 + random.nextInt(EPOCHS - 1);
    // Twice: killed while writing a checkpoint, resumed in a second child killed again.
    killAndResume(
        List.of(
            "checkpoint:" + epoch + ":" + files[random.nextInt(files.length)],
            "between:" + (EPOCHS - epoch) + ":" + (1 + random.nextInt(4))));
  }

  @Test
  void resumingAFinishedRunTrainsNothing() throws Exception {
    Path ckpt = dir.resolve("reference-ckpt");
    List<String> started = new ArrayList<>();
    try (TrainedModel m =
        classifier(ckpt)
            .resume(true)
            .progress(recording(started))
            .build()
            .train(Fixtures.train(synth, data), Fixtures.validation(synth, data))) {
      assertThat(started).isEmpty();
      Path again = dir.resolve("finished-again");
      m.save(again);
      assertThat(Files.readAllBytes(again.resolve(TrainedModel.WEIGHTS)))
          .isEqualTo(referenceWeights);
      assertThat(withoutSeconds(again.resolve(TrainedModel.HISTORY))).isEqualTo(referenceHistory);
    }
  }

  private static void killAndResume(List<String> kills) throws Exception {
    String why = "kill points " + kills + " (-Dimat.resume.seed=" + SEED + ")";
    Path run = Files.createTempDirectory(dir, "run");
    Path ckpt = run.resolve("ckpt");
    for (String kill : kills) {
      Path log = run.resolve("child-" + kill.replace(':', '-') + ".log");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Dai.djl.offline=true",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ResumeChild.class.getName(),
                  data.toString(),
                  ckpt.toString(),
                  kill)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      assertThat(child.waitFor(180, TimeUnit.SECONDS)).as(why).isTrue();
      assertThat(child.exitValue()).as(why + "\n" + Files.readString(log)).isEqualTo(137);
    }
    try (var files = Files.list(ckpt)) {
      // At most temporary files of AtomicFiles besides the checkpoint's own.
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.startsWith(".imat-tmp-") || n.matches("(epoch|best|adam|state).*"));
    }
    List<String> started = new ArrayList<>();
    Path model = run.resolve("model");
    try (TrainedModel m =
        classifier(ckpt)
            .resume(true)
            .progress(recording(started))
            .build()
            .train(Fixtures.train(synth, data), Fixtures.validation(synth, data))) {
      m.save(model);
      Predictions p = m.predict(Fixtures.validation(synth, data));
      assertThat(started).as(why).isNotEmpty().hasSizeLessThan(EPOCHS);
      assertThat(Files.readAllBytes(model.resolve(TrainedModel.WEIGHTS)))
          .as(why + ": weights")
          .isEqualTo(referenceWeights);
      assertThat(withoutSeconds(model.resolve(TrainedModel.HISTORY)))
          .as(why + ": history")
          .isEqualTo(referenceHistory);
      assertThat(p.imageIds()).isEqualTo(referencePredictions.imageIds());
      for (String id : p.imageIds()) {
        assertThat(p.probabilities(id).orElseThrow())
            .as(why + ": predictions of " + id)
            .containsExactly(referencePredictions.probabilities(id).orElseThrow());
      }
    }
  }

  private static ProgressListener recording(List<String> started) {
    return (name, total) -> {
      if (name.startsWith("epoch")) {
        started.add(name);
      }
      return Progress.NONE;
    };
  }

  private static JsonElement withoutSeconds(Path history) throws Exception {
    JsonObject o = JsonParser.parseString(Files.readString(history)).getAsJsonObject();
    for (JsonElement e : o.getAsJsonArray("epochs")) {
      e.getAsJsonObject().remove("seconds");
    }
    return o;
  }
}
