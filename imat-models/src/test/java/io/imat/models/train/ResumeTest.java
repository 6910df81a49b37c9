package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.models.Classifier;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL in a child JVM resumes at the next epoch from its checkpoint. */
class ResumeTest {
  static final int EPOCHS = 8;

  @TempDir Path dir;

  static Classifier.Builder classifier(Path checkpoints) {
    return Fixtures.tinyClassifier().epochs(EPOCHS).warmupEpochs(1).checkpoints(checkpoints);
  }

  @Test
  void aKilledRunResumesAtTheNextEpoch() throws Exception {
    Path data = dir.resolve("data");
    SyntheticDataset synth = Fixtures.synth(data, 160);
    Path ckpt = dir.resolve("ckpt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                ResumeChild.class.getName(),
                data.toString(),
                ckpt.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    int killedAfter = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && child.isAlive()) {
      Path state = ckpt.resolve(Checkpoint.STATE);
      if (Files.exists(state)) {
        int epoch =
            JsonParser.parseString(Files.readString(state))
                .getAsJsonObject()
                .get("epoch")
                .getAsInt();
        if (epoch >= 2) {
          child.destroyForcibly().waitFor();
          killedAfter = epoch;
          break;
        }
      }
      Thread.sleep(20);
    }
    assertThat(killedAfter).as(Files.readString(dir.resolve("child.log"))).isBetween(2, EPOCHS - 1);
    // The child may have finished another epoch between our read and the kill.
    JsonObject state =
        JsonParser.parseString(Files.readString(ckpt.resolve(Checkpoint.STATE))).getAsJsonObject();
    int saved = state.get("epoch").getAsInt();
    for (String key : List.of("params", "optimizer", "best")) {
      assertThat(ckpt.resolve(state.get(key).getAsString())).isRegularFile();
    }
    try (var files = Files.list(ckpt)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".imat-tmp-") && !n.endsWith(".part"));
    }

    List<String> started = new ArrayList<>();
    ProgressListener record =
        (name, total) -> {
          if (name.startsWith("epoch")) {
            started.add(name);
          }
          return Progress.NONE;
        };
    try (TrainedModel m =
        classifier(ckpt)
            .resume(true)
            .progress(record)
            .build()
            .train(Fixtures.train(synth, data), Fixtures.validation(synth, data))) {
      assertThat(started.get(0)).startsWith("epoch " + (saved + 1) + "/" + EPOCHS);
      assertThat(started).hasSize(EPOCHS - saved);
      assertThat(m.history().epochs())
          .extracting(EpochStats::epoch)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
      assertThat(m.history().epochs().get(0).warmup()).isTrue();
    }
  }
}
