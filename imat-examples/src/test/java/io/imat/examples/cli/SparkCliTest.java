package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.predict.Predictions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imat spark} end to end on {@code local[2]}, in this JVM (each command starts and stops its
 * own Spark context): cross-validated training, then prediction equal to {@code imat predict}.
 */
class SparkCliTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void synth() {
    data = dir.resolve("data");
    CliRun r = CliRun.of("synth", "--out", data.toString(), "--images", "60", "--image-size", "40");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  static String f(String name) {
    return data.resolve(name).toString();
  }

  @Test
  void sparkTrainThenSparkPredictEqualsImatPredict() throws Exception {
    Path model = dir.resolve("cv");
    CliRun train =
        CliRun.of(
            "spark",
            "train",
            "--master",
            "local[2]",
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
            "1",
            "--folds",
            "2",
            "--no-augment",
            "--out",
            model.toString(),
            "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    JsonObject t = JsonParser.parseString(train.out()).getAsJsonObject();
    assertThat(t.get("master").getAsString()).isEqualTo("local[2]");
    assertThat(t.get("folds").getAsInt()).isEqualTo(2);
    assertThat(t.get("outOfFoldError").getAsDouble()).isBetween(0.0, 1.0);
    assertThat(t.getAsJsonArray("foldHistories")).hasSize(2);
    assertThat(model.resolve("fold-1/model.json")).exists();
    assertThat(model.resolve("fold-2/model.json")).exists();
    assertThat(Predictions.read(model.resolve("oof.pred")).size()).isPositive();
    assertThat(model.resolve("valid.pred")).exists();

    Path sparkPred = dir.resolve("spark.pred");
    CliRun predict =
        CliRun.of(
            "spark",
            "predict",
            "--master",
            "local[2]",
            "--model",
            model.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--images",
            f("images"),
            "--out",
            sparkPred.toString(),
            "--partitions",
            "2",
            "--batch",
            "4",
            "--json");
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    JsonObject p = JsonParser.parseString(predict.out()).getAsJsonObject();
    assertThat(p.get("master").getAsString()).isEqualTo("local[2]");

    Path onePred = dir.resolve("one.pred");
    CliRun one =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--images",
            f("images"),
            "--out",
            onePred.toString(),
            "--batch",
            "4");
    assertThat(one.exitCode()).as(one.err()).isZero();
    Predictions spark = Predictions.read(sparkPred);
    Predictions reference = Predictions.read(onePred);
    assertThat(p.get("rows").getAsInt()).isEqualTo(reference.size()).isPositive();
    assertThat(spark.imageIds()).containsExactlyElementsOf(reference.imageIds());
    for (int r = 0; r < spark.size(); r++) {
      for (int l = 0; l < spark.taxonomy().labelCount(); l++) {
        assertThat(spark.get(r, l)).isCloseTo(reference.get(r, l), within(1e-6f));
      }
    }
  }

  @Test
  void sparkDownloadStoresWhatImatDownloadStores() throws Exception {
    // The synthetic server on an ephemeral port; the train file's URLs moved there.
    try (io.imat.testing.synth.SyntheticServer server =
        io.imat.testing.synth.SyntheticServer.builder(data)
            .port(0)
            .stall(java.time.Duration.ofSeconds(2))
            .start()) {
      Path urls = dir.resolve("urls.json");
      io.imat.api.taxonomy.Taxonomy taxonomy = io.imat.api.taxonomy.Taxonomy.loadDirectory(data);
      server
          .rebase(
              io.imat.api.dataset.ImatDataset.load(
                  data.resolve("fgvc4_iMat.train.data.json"), taxonomy))
          .write(urls);
      String[] common = {"--data", urls.toString(), "--timeout", "1", "--retries", "1", "--json"};
      CliRun single =
          CliRun.of(
              concat(new String[] {"download", "--out", dir.resolve("one").toString()}, common));
      assertThat(single.exitCode()).as(single.err()).isZero();
      CliRun spark =
          CliRun.of(
              concat(
                  new String[] {
                    "spark",
                    "download",
                    "--master",
                    "local[2]",
                    "--out",
                    dir.resolve("two").toString()
                  },
                  common));
      assertThat(spark.exitCode()).as(spark.err()).isZero();
      JsonObject a = JsonParser.parseString(single.out()).getAsJsonObject();
      JsonObject b = JsonParser.parseString(spark.out()).getAsJsonObject();
      assertThat(b.get("downloaded").getAsInt())
          .isEqualTo(a.get("downloaded").getAsInt())
          .isPositive();
      assertThat(b.get("missing").getAsInt()).isEqualTo(a.get("missing").getAsInt());
      try (var one = java.nio.file.Files.list(dir.resolve("one"));
          var two = java.nio.file.Files.list(dir.resolve("two"))) {
        assertThat(
                two.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".jpg")).sorted())
            .containsExactlyElementsOf(
                one.map(x -> x.getFileName().toString())
                    .filter(n -> n.endsWith(".jpg"))
                    .sorted()
                    .toList());
      }
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badSparkSettingsAreUsageErrors() {
    CliRun conf =
        CliRun.of(
            "spark",
            "predict",
            "--conf",
            "spark.executor.memory",
            "--model",
            "m",
            "--data",
            "d.json",
            "--images",
            "i",
            "--out",
            "o.pred");
    assertThat(conf.exitCode()).isEqualTo(2);
    assertThat(conf.err()).contains("--conf must be KEY=VALUE");

    CliRun noJob = CliRun.of("spark");
    assertThat(noJob.exitCode()).isEqualTo(2);
    assertThat(noJob.err()).contains("predict").contains("train").contains("download");
  }
}
