package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.predict.Predictions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPredictCliTest {
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

  @Test
  void trainThenPredictThenSubmitThenScore() {
    Path model = dir.resolve("model");
    CliRun train =
        CliRun.of(
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
            "--threads",
            "1",
            "--out",
            model.toString(),
            "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
    assertThat(t.getAsJsonObject("history").getAsJsonArray("epochs")).hasSize(2);
    assertThat(t.get("bestEpoch").getAsInt()).isBetween(1, 2);
    assertThat(model.resolve("model.json")).exists();
    assertThat(model.resolve("weights.params")).exists();

    Path pred = dir.resolve("test.pred");
    CliRun predict =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--images",
            f("images"),
            "--out",
            pred.toString(),
            "--tta",
            "--json");
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    JsonObject p = JsonParser.parseString(predict.out()).getAsJsonObject();
    assertThat(p.get("rows").getAsInt() + p.get("missing").getAsInt())
        .isEqualTo(p.get("images").getAsInt());

    Path csv = dir.resolve("submission.csv");
    assertThat(
            CliRun.of(
                    "submit",
                    "--pred",
                    pred.toString(),
                    "--data",
                    f("fgvc4_iMat.test.image.json"),
                    "--out",
                    csv.toString())
                .exitCode())
        .isZero();
    CliRun score =
        CliRun.of(
            "score",
            "--truth",
            f("fgvc4_iMat.test.truth.json"),
            "--submission",
            csv.toString(),
            "--json");
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(JsonParser.parseString(score.out()).getAsJsonObject().get("score").getAsDouble())
        .isBetween(0.0, 1.0);
  }

  @Test
  void foldsWriteOutOfFoldPredictionsAndFoldModels() throws Exception {
    Path model = dir.resolve("cv");
    CliRun train =
        CliRun.of(tinyTrain(model, "--epochs", "1", "--folds", "2", "--no-augment", "--json"));
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
    assertThat(t.get("folds").getAsInt()).isEqualTo(2);
    assertThat(t.get("outOfFoldError").getAsDouble()).isBetween(0.0, 1.0);
    assertThat(model.resolve("fold-1/model.json")).exists();
    assertThat(model.resolve("fold-2/model.json")).exists();
    Predictions oof = Predictions.read(model.resolve("oof.pred"));
    assertThat(oof.size()).isPositive();

    CliRun predict =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--data",
            f("fgvc4_iMat.validation.data.json"),
            "--images",
            f("images"),
            "--out",
            dir.resolve("v.pred").toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
  }

  @Test
  void unknownBackboneIsBadUsageAndMissingPicturesAFailure() {
    CliRun bad =
        CliRun.of(
            "train",
            "--data",
            f("fgvc4_iMat.train.data.json"),
            "--images",
            f("images"),
            "--backbone",
            "vgg16",
            "--out",
            dir.resolve("x").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("vgg16").contains("resnet50");
    CliRun none =
        CliRun.of(
            "train",
            "--data",
            f("fgvc4_iMat.train.data.json"),
            "--images",
            dir.resolve("empty").toString(),
            "--backbone",
            "resnet18",
            "--out",
            dir.resolve("y").toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err().lines().toList()).singleElement().asString().contains("empty");
  }

  @Test
  void deviceAndBatchAreCheckedBeforeAnyWork() throws Exception {
    Path model = dir.resolve("device-model");
    CliRun train = CliRun.of(tinyTrain(model, "--epochs", "1", "--device", "cpu", "--json"));
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonObject training =
        JsonParser.parseString(java.nio.file.Files.readString(model.resolve("model.json")))
            .getAsJsonObject()
            .getAsJsonObject("training");
    assertThat(training.get("device").getAsString()).isEqualTo(ai.djl.Device.cpu().toString());

    String[] predict = {
      "predict",
      "--model",
      model.toString(),
      "--data",
      f("fgvc4_iMat.test.image.json"),
      "--images",
      f("images"),
      "--out",
      dir.resolve("d.pred").toString()
    };
    CliRun tpu = CliRun.of(concat(predict, "--device", "tpu"));
    assertThat(tpu.exitCode()).isEqualTo(2);
    assertThat(tpu.err()).contains("--device must be cpu, gpu or gpu:N");
    // No GPU is visible here (CPU natives): a clear failure, not a crash.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
    CliRun gpu = CliRun.of(concat(predict, "--device", "gpu:0"));
    assertThat(gpu.exitCode()).isEqualTo(1);
    assertThat(gpu.err().lines().toList()).singleElement().asString().contains("sees 0 GPUs");
    CliRun batch = CliRun.of(concat(predict, "--batch", "0"));
    assertThat(batch.exitCode()).isEqualTo(2);
    CliRun ok = CliRun.of(concat(predict, "--batch", "7", "--device", "cpu", "--json"));
    assertThat(ok.exitCode()).as(ok.err()).isZero();
  }

  /**
   * {@code imat train} of ResNet-18 at 32 px on one thread into {@code out}, plus {@code extra}.
   */
  private static String[] tinyTrain(Path out, String... extra) {
    String[] base = {
      "train",
      "--data",
      f("fgvc4_iMat.train.data.json"),
      "--images",
      f("images"),
      "--backbone",
      "resnet18",
      "--size",
      "32",
      "--threads",
      "1",
      "--out",
      out.toString()
    };
    return concat(base, extra);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
