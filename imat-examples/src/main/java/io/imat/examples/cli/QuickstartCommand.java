package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.examples.quickstart.Quickstart;
import io.imat.examples.quickstart.QuickstartOptions;
import io.imat.models.backbone.Backbone;
import io.imat.testing.synth.SyntheticServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat quickstart}: the whole seed pipeline on built-in synthetic data. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on built-in synthetic data: generate and serve a dataset with dead"
          + " and flaky mirrors, download it, train image models with K-fold cross-validation,"
          + " train the URL text model, fit merge weights on out-of-fold predictions, compare"
          + " baseline / image / text / merged on validation, write submission.csv and PNG plots."
    })
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
      defaultValue = "800",
      paramLabel = "N",
      description = "Synthetic images over all splits (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      paramLabel = "N",
      description = "Epochs per fold model, warm-up included (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--folds",
      defaultValue = "3",
      paramLabel = "K",
      description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--size",
      defaultValue = "64",
      paramLabel = "PX",
      description = "Network input side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--backbone",
      defaultValue = "resnet18",
      paramLabel = "NAME",
      description = "Image network (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--inner-validation",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "Choose each fold model's epoch on this share of its training images instead of on the"
              + " held-out fold (default: ${DEFAULT-VALUE}, the held-out fold).")
  double innerValidation;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    Backbone bb;
    try {
      bb = Backbone.named(backbone);
      if (images < 60 || epochs < 2 || folds < 2 || size < 32) {
        throw new IllegalArgumentException(
            "need --images >= 60, --epochs >= 2, --folds >= 2, --size >= 32");
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    // The JDK HTTP server delays small responses by ~40 ms (Nagle) unless told otherwise.
    SyntheticServer.preferNoDelay();
    QuickstartOptions options =
        new QuickstartOptions(work, images, epochs, folds, size, bb, seed, innerValidation);
    JsonObject result =
        new Quickstart(options, common.human(), new ConsoleProgress(common.err())).run();
    common.printJson(result);
    return 0;
  }
}
