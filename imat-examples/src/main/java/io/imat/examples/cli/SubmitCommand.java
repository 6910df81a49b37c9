package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.submission.Submission;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat submit}: writes the Kaggle submission CSV from predictions. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Write the Kaggle submission (id,predicted with id = imageId_taskId): every image of the"
          + " test file x every task, the top label among each task's labels, and the task's"
          + " training prior for images the predictions have no row for (lost pictures)."
    })
final class SubmitCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--pred", required = true, paramLabel = "PRED", description = "Predictions file.")
  Path pred;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "TEST.json",
      description = "The test images file.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "Submission file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Predictions p = Predictions.read(pred);
    ImatDataset test = Inputs.load(data, p.taxonomy(), true);
    int fromPrior = Submission.write(out, p, test);
    int rows = test.size() * p.taxonomy().taskCount();
    common
        .human()
        .printf(
            "wrote %s: %d rows (%d images x %d tasks), %d rows from priors (%d images without"
                + " predictions)%n",
            out,
            rows,
            test.size(),
            p.taxonomy().taskCount(),
            fromPrior,
            fromPrior / Math.max(1, p.taxonomy().taskCount()));
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("rows", rows);
    json.addProperty("images", test.size());
    json.addProperty("tasks", p.taxonomy().taskCount());
    json.addProperty("fromPrior", fromPrior);
    common.printJson(json);
    return 0;
  }
}
