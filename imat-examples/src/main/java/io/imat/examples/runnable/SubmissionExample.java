package io.imat.examples.runnable;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Apparel;
import io.imat.metrics.ErrorCount;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import io.imat.models.text.UrlTextModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * From predictions to a Kaggle submission and its score: predictions are saved as a {@code .pred}
 * file and read back, {@link Submission#write} answers every test image × every task (from the
 * training priors where a picture was lost), {@link Submission#read} validates the CSV, and {@link
 * TopOneError} scores it against the synthetic test ground truth, per apparel.
 *
 * <p>Run: {@code ./imat example submission [DIR]} (DIR: working directory, default a new temporary
 * one). Writes {@code DIR/test.pred} and {@code DIR/submission.csv}. A few seconds.
 */
public final class SubmissionExample {
  private SubmissionExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-submit-");
    SyntheticDataset synth = SyntheticDataset.builder().images(1000).deadFraction(0.1).build();
    ImatDataset test = synth.test(); // image ids and URLs only, as on Kaggle

    // Predictions from any model. Here: the URL text model, keeping only the rows of the pictures
    // that still exist, as an image model's predictions would be.
    Predictions all = UrlTextModel.builder().build().train(synth.train()).predict(test);
    List<String> readable = all.imageIds().stream().filter(id -> !synth.isGone(id)).toList();
    all.subset(readable).write(work.resolve("test.pred")); // compact binary, taxonomy + priors
    Predictions predictions = Predictions.read(work.resolve("test.pred"));

    Path csv = work.resolve("submission.csv");
    int fromPriors = Submission.write(csv, predictions, test);
    System.out.printf(
        "%s: %d images x %d tasks; %d rows answered from the priors (%d pictures lost)%n",
        csv,
        test.size(),
        predictions.taxonomy().taskCount(),
        fromPriors,
        test.size() - predictions.size());
    System.out.println("first lines: " + Files.readAllLines(csv).subList(0, 4));

    Submission submission = Submission.read(csv, test); // validates header, ids, labels
    TopOneError metric = TopOneError.of(synth.testTruth());
    ErrorReport r = metric.score(submission);
    System.out.printf(
        "top-1 error of the submission: %.4f over %d annotated pairs (the predictions: %.4f)%n",
        r.score(), r.pairs(), metric.score(predictions).score());
    for (Map.Entry<Apparel, ErrorCount> e : r.perApparel().entrySet()) {
      System.out.printf(
          "  %-10s %.4f over %d pairs%n", e.getKey(), e.getValue().error(), e.getValue().pairs());
    }
    // r.perTask() has the same per task; r.toTable() formats all of it for a terminal.
  }
}
