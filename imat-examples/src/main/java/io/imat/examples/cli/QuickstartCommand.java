package io.imat.examples.cli;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.submission.Submission;
import io.imat.api.synth.SyntheticDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat quickstart}: the end-to-end demo on built-in synthetic data. It grows with the
 * project; today it generates the data, loads it back through the real loaders, scores the majority
 * baseline on validation and writes a complete submission for the test images.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Run the end-to-end demo on built-in synthetic data.")
final class QuickstartCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--work",
      defaultValue = "imat-work",
      paramLabel = "DIR",
      description = "Working directory (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--images",
      defaultValue = "600",
      paramLabel = "N",
      description = "Synthetic images over all splits (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.human();
    Path data = work.resolve("data");
    out.printf("1. Synthetic data (%d images, seed %d) -> %s%n", images, seed, data);
    out.flush();
    SyntheticDataset synth = SyntheticDataset.builder().images(images).seed(seed).build();
    synth.write(data, new ConsoleProgress(common.err()));

    Taxonomy taxonomy = Taxonomy.loadDirectory(data);
    ImatDataset train = Inputs.load(data.resolve(SyntheticDataset.TRAIN_FILE), taxonomy, false);
    ImatDataset valid =
        Inputs.load(data.resolve(SyntheticDataset.VALIDATION_FILE), taxonomy, false);
    ImatDataset test = Inputs.load(data.resolve(SyntheticDataset.TEST_FILE), taxonomy, false);
    ImatDataset testTruth =
        Inputs.load(data.resolve(SyntheticDataset.TEST_TRUTH_FILE), taxonomy, false);
    out.printf(
        "2. Loaded %s: %d train / %d validation / %d test images, %d tasks, %d labels%n",
        data, train.size(), valid.size(), test.size(), taxonomy.taskCount(), taxonomy.labelCount());

    // The majority baseline: no rows at all, every answer from the training priors.
    Predictions baseline =
        Predictions.builder(taxonomy, TaskPriors.fromDataset(train))
            .metadata("model", "majority baseline")
            .build();
    Path pred = work.resolve("baseline.pred");
    baseline.write(pred);
    ErrorReport validReport = TopOneError.of(valid).score(baseline);
    out.printf("3. Majority baseline on validation:%n");
    out.print(validReport.toTable());

    Path csv = work.resolve("submission.csv");
    int fromPrior = Submission.write(csv, baseline, test);
    ErrorReport testReport = TopOneError.of(testTruth).score(Submission.read(csv, test));
    out.printf(
        "4. Wrote %s (%d rows, %d from priors); its top-1 error on the synthetic test truth:"
            + " %.4f%n",
        csv, test.size() * taxonomy.taskCount(), fromPrior, testReport.score());
    out.printf(
        "%nNext (see README): download with 'imat download', train image models with 'imat"
            + " train', the URL text model with 'imat text train', merge with 'imat merge'.%n");
    out.flush();
    var json = Reports.toJson(validReport);
    json.addProperty("work", work.toString());
    json.addProperty("submission", csv.toString());
    json.addProperty("testScore", testReport.score());
    common.printJson(json);
    return 0;
  }
}
