package io.imat.examples.cli;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat score}: the competition's top-1 error of a submission or predictions. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score a submission CSV or a predictions file against ground truth with the competition"
          + " metric (top-1 error over annotated (image, task) pairs; lower is better).",
      "Prints a per-task table, then the overall line."
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--truth",
      required = true,
      paramLabel = "FILE.json",
      description = "Annotated data file (train/validation format).")
  Path truth;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--submission", paramLabel = "S.csv", description = "A Kaggle submission.")
    Path submission;

    @Option(names = "--pred", paramLabel = "PRED", description = "A predictions file.")
    Path pred;
  }

  @Option(
      names = "--taxonomy",
      paramLabel = "DIR",
      description =
          "Directory with the taxonomy files (default: next to --truth, else the built-in 2017"
              + " taxonomy). Ignored with --pred, which carries its taxonomy.")
  Path taxonomyDir;

  @Override
  public Integer call() throws Exception {
    ErrorReport report;
    if (source.pred != null) {
      Predictions p = Predictions.read(source.pred);
      ImatDataset t = Inputs.load(truth, p.taxonomy(), false);
      report = TopOneError.of(t).score(p);
    } else {
      Taxonomy taxonomy = Inputs.taxonomyFor(truth, taxonomyDir);
      ImatDataset t = Inputs.load(truth, taxonomy, false);
      Submission s = Submission.read(source.submission, t);
      report = TopOneError.of(t).score(s);
    }
    if (report.pairs() == 0) {
      throw CliException.failure(truth + ": no annotated (image, task) pairs to score");
    }
    common.human().print(report.toTable());
    common.human().flush();
    common.printJson(Reports.toJson(report));
    return 0;
  }
}
