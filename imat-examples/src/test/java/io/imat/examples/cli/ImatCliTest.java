package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImatCliTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void synth() {
    data = dir.resolve("data");
    CliRun r = CliRun.of("synth", "--out", data.toString(), "--images", "60", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void synthWritesTheCompetitionLayoutAndOneJsonObject() throws IOException {
    for (String f :
        List.of(
            "fgvc4_iMat.train.data.json",
            "fgvc4_iMat.validation.data.json",
            "fgvc4_iMat.test.image.json",
            "fgvc4_iMat.task_map.json",
            "fgvc4_iMat.label_map.json",
            "synth.json")) {
      assertThat(data.resolve(f)).exists();
    }
    try (var pictures = Files.list(data.resolve("images"))) {
      assertThat(pictures.count()).isGreaterThan(40);
    }
    CliRun r =
        CliRun.of("synth", "--out", dir.resolve("again").toString(), "--images", "20", "--json");
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(
            o.get("train").getAsInt() + o.get("validation").getAsInt() + o.get("test").getAsInt())
        .isEqualTo(20);
  }

  @Test
  void scoreOfPerfectPredictionsIsZeroAndOfSubmissionMatches() throws IOException {
    Path truthFile = data.resolve("fgvc4_iMat.validation.data.json");
    Taxonomy taxonomy = Taxonomy.loadDirectory(data);
    ImatDataset truth = ImatDataset.load(truthFile, taxonomy);
    Predictions.Builder b = Predictions.builder(taxonomy, TaskPriors.fromDataset(truth));
    for (int i = 0; i < truth.size(); i++) {
      float[] row = new float[taxonomy.labelCount()];
      for (Task t : truth.tasks(i)) {
        for (Label l : truth.labels(i, t)) {
          row[l.index()] = 1f;
        }
      }
      b.put(truth.image(i).id(), row);
    }
    Path pred = dir.resolve("perfect.pred");
    b.build().write(pred);

    CliRun score =
        CliRun.of("score", "--truth", truthFile.toString(), "--pred", pred.toString(), "--json");
    assertThat(score.exitCode()).as(score.err()).isZero();
    JsonObject o = JsonParser.parseString(score.out()).getAsJsonObject();
    assertThat(o.get("score").getAsDouble()).isZero();
    assertThat(o.get("pairs").getAsInt()).isEqualTo(truth.pairCount());
    assertThat(o.getAsJsonObject("perTask").keySet())
        .allSatisfy(id -> assertThat(taxonomy.findTask(id)).isPresent());

    Path csv = dir.resolve("perfect.csv");
    CliRun submit =
        CliRun.of(
            "submit",
            "--pred",
            pred.toString(),
            "--data",
            truthFile.toString(),
            "--out",
            csv.toString(),
            "--json");
    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(1 + truth.size() * taxonomy.taskCount());
    CliRun scoreCsv =
        CliRun.of(
            "score", "--truth", truthFile.toString(), "--submission", csv.toString(), "--json");
    assertThat(JsonParser.parseString(scoreCsv.out()).getAsJsonObject().get("score").getAsDouble())
        .isZero();
  }

  @Test
  void scoreWithoutJsonPrintsTableThenOverallLine() throws IOException {
    Path truthFile = data.resolve("fgvc4_iMat.validation.data.json");
    Taxonomy taxonomy = Taxonomy.loadDirectory(data);
    ImatDataset train = ImatDataset.load(data.resolve("fgvc4_iMat.train.data.json"), taxonomy);
    Path pred = dir.resolve("prior.pred");
    Predictions.builder(taxonomy, TaskPriors.fromDataset(train)).build().write(pred);
    CliRun r = CliRun.of("score", "--truth", truthFile.toString(), "--pred", pred.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("task");
    assertThat(lines.get(lines.size() - 1)).startsWith("top-1 error");
  }

  @Test
  void badUsageExitsWithTwo() {
    assertThat(CliRun.of("score", "--truth", "x.json").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("synth", "--out", dir.resolve("x").toString(), "--images", "3").exitCode())
        .isEqualTo(2);
  }

  @Test
  void failuresExitWithOneAndNameTheFileInOneLine() throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"images\": [{\"imageId\": \"1\"}]}");
    CliRun r =
        CliRun.of(
            "score",
            "--truth",
            broken.toString(),
            "--submission",
            dir.resolve("none.csv").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .contains(broken.toString())
        .contains("$.images[0]")
        .contains("url");

    CliRun missing =
        CliRun.of(
            "submit",
            "--pred",
            dir.resolve("missing.pred").toString(),
            "--data",
            broken.toString(),
            "--out",
            dir.resolve("s.csv").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.pred").doesNotContain("at io.imat");
  }

  @Test
  void verboseShowsTheStackTrace() {
    CliRun r =
        CliRun.of(
            "submit",
            "--verbose",
            "--pred",
            dir.resolve("missing.pred").toString(),
            "--data",
            "x.json",
            "--out",
            dir.resolve("s.csv").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void benchMetricReportsResults() {
    CliRun r = CliRun.of("bench", "metric", "--images", "500", "--runs", "1", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.getAsJsonArray("results")).isNotEmpty();
    assertThat(
            o.getAsJsonArray("results")
                .get(0)
                .getAsJsonObject()
                .get("itemsPerSecond")
                .getAsDouble())
        .isPositive();
  }
}
