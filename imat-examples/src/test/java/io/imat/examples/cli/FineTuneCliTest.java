package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.backbone.Backbone;
import io.imat.models.keras.KerasWeightsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code imat train --weights FILE.h5} with the three Keras backbones, and the whole pipeline on
 * the official 2017 maps (no task–label lists) with annotations for only some tasks.
 */
class FineTuneCliTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void synth() {
    data = dir.resolve("data");
    CliRun r = CliRun.of("synth", "--out", data.toString(), "--images", "60", "--image-size", "80");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  static String f(String name) {
    return data.resolve(name).toString();
  }

  @ParameterizedTest
  @CsvSource({"resnet50, 32", "inception_v3, 75", "xception, 71"})
  void kerasBackbonesFineTuneFromAKerasWeightsFile(String name, int size) throws Exception {
    Path weights = dir.resolve(name + "_notop.h5");
    try (Model m = Model.newInstance("w", "PyTorch")) {
      Block b = Backbone.named(name).newBlock();
      b.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size));
      KerasWeightsWriter.write(b, weights);
    }
    Path out = dir.resolve("model-" + name);
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
            name,
            "--size",
            String.valueOf(size),
            "--epochs",
            "2",
            "--batch",
            "8",
            "--weights",
            weights.toString(),
            "--unfreeze",
            "2",
            "--out",
            out.toString(),
            "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
    JsonArray epochs = t.getAsJsonObject("history").getAsJsonArray("epochs");
    assertThat(epochs).hasSize(2);
    assertThat(epochs.get(0).getAsJsonObject().get("phase").getAsString()).isEqualTo("warmup");
    assertThat(epochs.get(1).getAsJsonObject().get("phase").getAsString()).isEqualTo("finetune");
    assertThat(epochs.get(1).getAsJsonObject().get("learningRate").getAsDouble()).isEqualTo(1e-4);
    JsonObject training =
        JsonParser.parseString(Files.readString(out.resolve("model.json")))
            .getAsJsonObject()
            .getAsJsonObject("training");
    assertThat(training.get("pretrained").getAsString()).contains(weights.getFileName().toString());
    assertThat(training.get("unfreeze").getAsString()).isEqualTo("2");
    assertThat(train.err())
        .contains("warm-up 1 epoch at lr 0.001")
        .contains("fine-tuning 1 epoch at lr 0.0001");
  }

  @Test
  void officialMapsWithAnnotationsForSomeTasksGoAllTheWayToASubmission() throws Exception {
    // The official maps carry no task-label lists; the synthetic data annotates 18 of 45 tasks.
    Path real = dir.resolve("official");
    Files.createDirectories(real);
    Taxonomy.imaterialist2017().withTaskLabels(Map.of()).writeDirectory(real);
    for (String file :
        List.of(
            "fgvc4_iMat.train.data.json",
            "fgvc4_iMat.validation.data.json",
            "fgvc4_iMat.test.image.json",
            "fgvc4_iMat.test.truth.json")) {
      Files.copy(data.resolve(file), real.resolve(file));
    }
    assertThat(real.resolve("task_labels.txt")).doesNotExist();
    String images = f("images");
    String r = real.toString();
    CliRun train =
        ok(
            "train",
            "--data",
            r + "/fgvc4_iMat.train.data.json",
            "--images",
            images,
            "--valid",
            r + "/fgvc4_iMat.validation.data.json",
            "--backbone",
            "resnet18",
            "--size",
            "32",
            "--epochs",
            "1",
            "--out",
            r + "/model");
    // The model carries the complete official taxonomy; the tasks without annotations are marked
    // untrained in its priors (the training log names them in one warning line).
    JsonObject model =
        JsonParser.parseString(Files.readString(real.resolve("model/model.json")))
            .getAsJsonObject();
    Set<String> untrained = new HashSet<>();
    model
        .getAsJsonObject("priors")
        .entrySet()
        .forEach(
            e -> {
              if (e.getValue().isJsonObject()) {
                untrained.add(e.getKey());
              }
            });
    Set<String> annotated = annotatedTasks(real.resolve("fgvc4_iMat.train.data.json"));
    assertThat(untrained).hasSize(45 - annotated.size()).doesNotContainAnyElementsOf(annotated);
    ok(
        "predict",
        "--model",
        r + "/model",
        "--data",
        r + "/fgvc4_iMat.test.image.json",
        "--images",
        images,
        "--out",
        r + "/image.pred");
    ok("text", "train", "--data", r + "/fgvc4_iMat.train.data.json", "--out", r + "/text");
    ok(
        "text",
        "predict",
        "--model",
        r + "/text",
        "--data",
        r + "/fgvc4_iMat.test.image.json",
        "--out",
        r + "/text.pred");
    ok(
        "merge",
        "--pred",
        r + "/image.pred",
        "--pred",
        r + "/text.pred",
        "--out",
        r + "/merged.pred");
    Path csv = real.resolve("submission.csv");
    ok(
        "submit",
        "--pred",
        r + "/merged.pred",
        "--data",
        r + "/fgvc4_iMat.test.image.json",
        "--out",
        csv.toString());
    List<String> rows = Files.readAllLines(csv);
    int testImages =
        JsonParser.parseString(Files.readString(real.resolve("fgvc4_iMat.test.image.json")))
            .getAsJsonObject()
            .getAsJsonArray("images")
            .size();
    assertThat(rows).hasSize(1 + testImages * 45);
    // A task nobody annotated gets one answer, its prior's, for every image.
    Map<String, Set<String>> answers = new HashMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String id = row.substring(0, row.indexOf(','));
      String task = id.substring(id.lastIndexOf('_') + 1);
      answers.computeIfAbsent(task, k -> new HashSet<>()).add(row.substring(row.indexOf(',') + 1));
    }
    assertThat(answers).hasSize(45);
    answers.forEach(
        (task, labels) -> {
          if (!annotated.contains(task)) {
            assertThat(labels).as("task %s", task).hasSize(1);
          }
        });
    CliRun score =
        ok(
            "score",
            "--truth",
            r + "/fgvc4_iMat.test.truth.json",
            "--submission",
            csv.toString(),
            "--json");
    assertThat(JsonParser.parseString(score.out()).getAsJsonObject().get("score").getAsDouble())
        .isBetween(0.0, 1.0);
  }

  @Test
  void withoutTheImagenetFileTrainingStopsAtOnceNamingFileUrlAndDirectory() throws Exception {
    // The default cache looks in ~/.keras/models and ~/.cache/imat/weights: an empty home here.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("IMAT_WEIGHTS") == null
            && System.getenv("KERAS_HOME") == null
            && System.getenv("XDG_CACHE_HOME") == null,
        "the weights cache is configured by the environment");
    String home = System.getProperty("user.home");
    Path emptyHome = Files.createDirectories(dir.resolve("empty-home"));
    System.setProperty("user.home", emptyHome.toString());
    CliRun r;
    try {
      r =
          CliRun.of(
              "train",
              "--data",
              f("fgvc4_iMat.train.data.json"),
              "--images",
              f("images"),
              "--backbone",
              "xception",
              "--out",
              dir.resolve("no-weights").toString());
    } finally {
      System.setProperty("user.home", home);
    }
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .contains("xception_weights_tf_dim_ordering_tf_kernels_notop.h5")
        .contains("https://storage.googleapis.com/tensorflow/keras-applications/xception/")
        .contains(emptyHome.resolve(".cache/imat/weights").toString())
        .contains("imat weights fetch xception");
    assertThat(dir.resolve("no-weights")).doesNotExist();
  }

  private static Set<String> annotatedTasks(Path file) throws Exception {
    Set<String> out = new HashSet<>();
    for (var a :
        JsonParser.parseString(Files.readString(file))
            .getAsJsonObject()
            .getAsJsonArray("annotations")) {
      out.add(a.getAsJsonObject().get("taskId").getAsString());
    }
    return out;
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }
}
