package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, end to end, in miniature: every step runs for real on 80 small pictures. */
class QuickstartCliTest {
  @TempDir Path dir;

  @Test
  void runsThePipelineAndWritesSubmissionPlotsAndModels() throws Exception {
    Path work = dir.resolve("work");
    CliRun r =
        CliRun.of(
            "quickstart",
            "--work",
            work.toString(),
            "--images",
            "80",
            "--epochs",
            "2",
            "--folds",
            "2",
            "--size",
            "32",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonObject scores = o.getAsJsonObject("validation");
    assertThat(scores.keySet())
        .containsExactly("majority baseline", "image (2-fold CV)", "URL text model", "merged");
    scores.entrySet().forEach(e -> assertThat(e.getValue().getAsDouble()).isBetween(0.0, 1.0));
    // The URLs leak labels: the text model must beat the majority baseline even here.
    assertThat(scores.get("URL text model").getAsDouble())
        .isLessThan(scores.get("majority baseline").getAsDouble());
    JsonObject download = o.getAsJsonObject("download");
    assertThat(download.get("missing").getAsInt()).isPositive();
    for (String f :
        List.of(
            "submission.csv",
            "plots/learning-curves.png",
            "plots/task-errors.png",
            "plots/augmentation-gallery.png",
            "models/fold-1/model.json",
            "models/fold-2/model.json",
            "predictions/merged-test.pred")) {
      assertThat(work.resolve(f)).isNotEmptyFile();
    }
    // Every test image x every task, header included.
    long rows = Files.readAllLines(work.resolve("submission.csv")).size();
    assertThat(rows).isEqualTo(1 + 12L * 18);
  }
}
