package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario through the command line: {@code imat train} (ResNet-18, one thread, a fixed
 * seed, a warm-up epoch then fine-tuning) SIGKILLed in a child JVM during the first fine-tuning
 * epoch, then rerun with {@code --resume}, writes the same weights, history (but the seconds), kept
 * epoch and submission as the run that was never interrupted: the resumed run crosses the warm-up
 * to fine-tuning switch (fresh Adam state, fine-tuning learning rate) exactly.
 */
class ResumeCliTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void synth() {
    data = dir.resolve("data");
    CliRun r = CliRun.of("synth", "--out", data.toString(), "--images", "80", "--image-size", "40");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  static String f(String name) {
    return data.resolve(name).toString();
  }

  static List<String> train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                f("fgvc4_iMat.train.data.json"),
                "--images",
                f("images"),
                "--valid",
                f("fgvc4_iMat.validation.data.json"),
                "--backbone",
                "resnet18",
                "--size",
                "32",
                "--epochs",
                "2",
                "--warmup-epochs",
                "1",
                "--plateau",
                "0.5:1",
                "--seed",
                "7",
                "--threads",
                "1",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void killedInTheFirstFineTuningEpochResumesToTheSameModelAndSubmission() throws Exception {
    Path reference = dir.resolve("reference");
    CliRun full = CliRun.of(train(reference).toArray(String[]::new));
    assertThat(full.exitCode()).as(full.err()).isZero();

    Path resumed = dir.resolve("resumed");
    Path state = resumed.resolve("checkpoints").resolve("state.json");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path")));
    command.add(ImatCli.class.getName());
    command.addAll(train(resumed));
    Path log = dir.resolve("child.log");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Killed once the warm-up epoch's checkpoint is complete: inside the first fine-tuning epoch.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!checkpointed(state, 1) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    child.destroyForcibly(); // SIGKILL
    child.waitFor(60, TimeUnit.SECONDS);
    assertThat(checkpointed(state, 1)).as(Files.readString(log)).isTrue();
    assertThat(resumed.resolve("model.json")).as("killed before the end").doesNotExist();

    CliRun again = CliRun.of(train(resumed, "--resume").toArray(String[]::new));
    assertThat(again.exitCode()).as(again.err()).isZero();
    // It resumed (a rerun from scratch would end alike): the warm-up epoch is not trained again.
    assertThat(again.err()).contains("epoch 2/2").doesNotContain("epoch 1/2");

    assertThat(Files.readAllBytes(resumed.resolve("weights.params")))
        .as("weights")
        .isEqualTo(Files.readAllBytes(reference.resolve("weights.params")));
    assertThat(withoutSeconds(resumed.resolve("history.json")))
        .as("history: losses, learning rates, kept epoch")
        .isEqualTo(withoutSeconds(reference.resolve("history.json")));
    assertThat(submission(resumed)).isEqualTo(submission(reference));
  }

  private static boolean checkpointed(Path state, int epoch) {
    try {
      return Files.exists(state)
          && JsonParser.parseString(Files.readString(state))
                  .getAsJsonObject()
                  .get("epoch")
                  .getAsInt()
              >= epoch;
    } catch (Exception e) {
      return false; // not there yet
    }
  }

  private static String submission(Path model) throws Exception {
    Path pred = model.resolve("test.pred");
    Path csv = model.resolve("submission.csv");
    CliRun p =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--images",
            f("images"),
            "--out",
            pred.toString());
    assertThat(p.exitCode()).as(p.err()).isZero();
    CliRun s =
        CliRun.of(
            "submit",
            "--pred",
            pred.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--out",
            csv.toString());
    assertThat(s.exitCode()).as(s.err()).isZero();
    return Files.readString(csv);
  }

  private static JsonElement withoutSeconds(Path history) throws Exception {
    JsonObject o = JsonParser.parseString(Files.readString(history)).getAsJsonObject();
    for (JsonElement e : o.getAsJsonArray("epochs")) {
      e.getAsJsonObject().remove("seconds");
    }
    return o;
  }
}
