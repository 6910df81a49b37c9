package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imat text train|predict|leak} and {@code imat merge} end to end on {@code imat synth}. */
class TextAndMergeCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path train;
  static Path valid;
  static Path test;
  static JsonObject trained;

  @BeforeAll
  static void synthAndTrain() {
    data = dir.resolve("data");
    CliRun s =
        CliRun.of(
            "synth",
            "--out",
            data.toString(),
            "--images",
            "300",
            "--seed",
            "3",
            "--image-size",
            "32");
    assertThat(s.exitCode()).as(s.err()).isZero();
    train = data.resolve("fgvc4_iMat.train.data.json");
    valid = data.resolve("fgvc4_iMat.validation.data.json");
    test = data.resolve("fgvc4_iMat.test.image.json");
    trained =
        json(
            ok(
                "text",
                "train",
                "--data",
                train.toString(),
                "--out",
                dir.resolve("model").toString(),
                "--valid",
                valid.toString(),
                "--json"));
  }

  @Test
  void textTrainSavesAModelAndReportsItInJson() {
    assertThat(dir.resolve("model/url-text-model.bin")).exists();
    assertThat(trained.keySet())
        .contains("model", "images", "pairs", "seconds", "config", "validation");
    assertThat(trained.get("images").getAsInt()).isEqualTo(210);
    assertThat(trained.getAsJsonObject("config").get("charNgrams").getAsString()).isEqualTo("3-5");
    assertThat(trained.getAsJsonObject("validation").get("score").getAsDouble())
        .isBetween(0.0, 0.5);
  }

  @Test
  void textPredictWritesARowForEveryImageAndScoresAnnotatedFiles() throws IOException {
    Path pred = dir.resolve("test.pred");
    JsonObject t =
        json(
            ok(
                "text",
                "predict",
                "--model",
                dir.resolve("model").toString(),
                "--data",
                test.toString(),
                "--out",
                pred.toString(),
                "--json"));
    assertThat(t.get("rows").getAsInt()).isEqualTo(45);
    assertThat(t.has("score")).isFalse();
    Predictions p = Predictions.read(pred);
    assertThat(p.taxonomy()).isEqualTo(Taxonomy.loadDirectory(data));
    assertThat(p.metadata()).containsEntry("model", "url-text");

    Path vpred = dir.resolve("valid.pred");
    JsonObject v =
        json(
            ok(
                "text",
                "predict",
                "--model",
                dir.resolve("model").toString(),
                "--data",
                valid.toString(),
                "--out",
                vpred.toString(),
                "--json"));
    assertThat(v.get("score").getAsDouble())
        .isEqualTo(trained.getAsJsonObject("validation").get("score").getAsDouble());
    JsonObject score =
        json(ok("score", "--truth", valid.toString(), "--pred", vpred.toString(), "--json"));
    assertThat(score.get("score").getAsDouble()).isEqualTo(v.get("score").getAsDouble());
  }

  @Test
  void textLeakPrintsATableOrOneJsonObject() {
    JsonObject o =
        json(
            ok(
                "text",
                "leak",
                "--data",
                train.toString(),
                "--folds",
                "3",
                "--epochs",
                "3",
                "--json"));
    assertThat(o.keySet())
        .contains(
            "images",
            "imagesWithoutWords",
            "folds",
            "pairs",
            "namedRate",
            "misnamedRate",
            "priorError",
            "textError",
            "perTask");
    assertThat(o.get("folds").getAsInt()).isEqualTo(3);
    JsonObject colour = o.getAsJsonObject("perTask").getAsJsonObject("3");
    assertThat(colour.get("name").getAsString()).isEqualTo("shoe:color");
    assertThat(colour.keySet())
        .contains("pairs", "namedRate", "misnamedRate", "priorError", "textError");
    assertThat(o.get("textError").getAsDouble()).isLessThan(o.get("priorError").getAsDouble());

    CliRun table =
        CliRun.of("text", "leak", "--data", train.toString(), "--folds", "2", "--epochs", "2");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("task");
  }

  @Test
  void mergeWithGivenWeightsAndWithWeightsFittedOnValidation() {
    Path model2 = dir.resolve("model2");
    ok(
        "text",
        "train",
        "--data",
        train.toString(),
        "--out",
        model2.toString(),
        "--no-char-ngrams",
        "--seed",
        "5");
    Path[] v = new Path[2];
    Path[] t = new Path[2];
    String[] models = {dir.resolve("model").toString(), model2.toString()};
    for (int k = 0; k < 2; k++) {
      v[k] = dir.resolve("m" + k + ".valid.pred");
      t[k] = dir.resolve("m" + k + ".test.pred");
      ok(
          "text",
          "predict",
          "--model",
          models[k],
          "--data",
          valid.toString(),
          "--out",
          v[k].toString());
      ok(
          "text",
          "predict",
          "--model",
          models[k],
          "--data",
          test.toString(),
          "--out",
          t[k].toString());
    }

    Path merged = dir.resolve("merged.pred");
    JsonObject plain =
        json(
            ok(
                "merge",
                "--pred",
                t[0].toString(),
                "--pred",
                t[1] + ":3",
                "--out",
                merged.toString(),
                "--json"));
    assertThat(plain.keySet()).contains("out", "rows", "mean", "models", "weights");
    assertThat(plain.get("rows").getAsInt()).isEqualTo(45);
    assertThat(plain.getAsJsonArray("models").get(1).getAsJsonObject().get("weight").getAsDouble())
        .isEqualTo(3.0);
    assertThat(plain.getAsJsonObject("weights").getAsJsonArray("default").get(1).getAsDouble())
        .isEqualTo(0.75);

    Path fitted = dir.resolve("fitted.pred");
    JsonObject f =
        json(
            ok(
                "merge",
                "--pred",
                v[0] + "," + t[0],
                "--pred",
                v[1] + "," + t[1],
                "--fit",
                valid.toString(),
                "--mean",
                "geometric",
                "--out",
                fitted.toString(),
                "--json"));
    assertThat(f.get("mean").getAsString()).isEqualTo("geometric");
    assertThat(f.getAsJsonObject("weights").getAsJsonObject("perTask").keySet()).hasSize(18);
    JsonObject val = f.getAsJsonObject("validation");
    assertThat(val.getAsJsonArray("models")).hasSize(2);
    assertThat(val.get("fitted").getAsDouble())
        .isLessThanOrEqualTo(val.get("initial").getAsDouble());
    assertThat(fitted).exists();

    CliRun human =
        CliRun.of(
            "merge",
            "--pred",
            v[0] + "," + t[0],
            "--pred",
            v[1] + "," + t[1],
            "--fit",
            valid.toString(),
            "--out",
            fitted.toString());
    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out())
        .contains("weights fitted on validation", "shoe:color", "merged: validation top-1 error");
  }

  @Test
  void badUsageExitsWithTwoAndFailuresWithOne() {
    Path p = dir.resolve("x.pred");
    Path out = dir.resolve("o.pred");
    assertThat(CliRun.of("text").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("merge", "--pred", p + "," + p, "--out", out.toString()).exitCode())
        .isEqualTo(2);
    assertThat(CliRun.of("merge", "--pred", p + ":-1", "--out", out.toString()).exitCode())
        .isEqualTo(2);
    assertThat(
            CliRun.of(
                    "merge",
                    "--pred",
                    p.toString(),
                    "--fit",
                    valid.toString(),
                    "--out",
                    out.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            CliRun.of("merge", "--pred", p.toString(), "--mean", "median", "--out", out.toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            CliRun.of(
                    "text",
                    "train",
                    "--data",
                    train.toString(),
                    "--out",
                    out.toString(),
                    "--epochs",
                    "0")
                .exitCode())
        .isEqualTo(2);

    CliRun missing =
        CliRun.of(
            "text",
            "predict",
            "--model",
            dir.resolve("nope").toString(),
            "--data",
            test.toString(),
            "--out",
            out.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().lines().toList()).singleElement().asString().contains("nope");
    CliRun absent = CliRun.of("merge", "--pred", p.toString(), "--out", out.toString());
    assertThat(absent.exitCode()).isEqualTo(1);
    assertThat(absent.err()).contains("x.pred").doesNotContain("\tat ");
  }

  private static String ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r.out();
  }

  private static JsonObject json(String out) {
    return JsonParser.parseString(out).getAsJsonObject();
  }
}
