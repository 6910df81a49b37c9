package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.cv.CrossValidationResult;
import io.imat.spark.ClassifierRecipe;
import io.imat.spark.PictureSource;
import io.imat.spark.SparkCrossValidation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat spark train}: {@code imat train --folds K} with the folds as Spark tasks. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "K-fold cross-validation with every fold a Spark task, ideally one per executor (set"
          + " spark.task.cpus to the executor's cores: they become PyTorch's threads). Each fold"
          + " checkpoints every epoch under MODEL_DIR, so a retried task resumes; the driver"
          + " writes MODEL_DIR/fold-N/, oof.pred and valid.pred exactly as 'imat train --folds K'.",
      "Data, pictures, weights files and MODEL_DIR are local paths: on a cluster, a shared mount"
          + " at the same path on every machine."
    })
final class SparkTrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin SparkOptions spark;

  @Mixin RecipeOptions options;

  @Option(names = "--data", required = true, paramLabel = "TRAIN.json", description = "Training.")
  Path data;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Its pictures.")
  Path images;

  @Option(names = "--valid", paramLabel = "VAL.json", description = "Validation data.")
  Path valid;

  @Option(
      names = "--valid-images",
      paramLabel = "DIR",
      description = "Validation pictures (default: --images).")
  Path validImages;

  @Option(names = "--folds", required = true, paramLabel = "K", description = "Folds (K >= 2).")
  int folds;

  @Option(
      names = "--inner-validation",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description = "As for 'imat train' (default: ${DEFAULT-VALUE}, the held-out fold).")
  double innerValidation;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ClassifierRecipe recipe = options::configure; // serializable: the options are plain values
    SparkCrossValidation cv;
    try {
      Classifier.Builder check = Classifier.builder();
      recipe.configure(check);
      check.build(); // the options together, before Spark starts
      cv =
          SparkCrossValidation.builder()
              .model("model", recipe) // one model: written to MODEL_DIR itself
              .folds(folds)
              .seed(options.seed)
              .innerValidation(innerValidation)
              .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
    PictureSource train = PictureSource.of(data.toAbsolutePath().toString(), abs(images));
    PictureSource validation =
        valid == null
            ? null
            : PictureSource.of(
                valid.toAbsolutePath().toString(), abs(validImages == null ? images : validImages));
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    CrossValidationResult r;
    String master;
    try (JavaSparkContext sc = SparkCli.start(spark, "imat spark train")) {
      master = sc.master();
      r =
          cv.run(
                  sc,
                  train,
                  validation == null ? List.of() : List.of(validation),
                  out.toAbsolutePath().toString())
              .values()
              .iterator()
              .next();
    }
    PrintWriter human = common.human();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("master", master);
    r.outOfFold().write(out.resolve("oof.pred"));
    double oofError = TopOneError.of(train.open().dataset()).score(r.outOfFold()).score();
    human.printf("out-of-fold top-1 error over %d folds: %.4f%n", folds, oofError);
    JsonArray foldJson = new JsonArray();
    for (int f = 0; f < r.histories().size(); f++) {
      human.printf("fold %d:%n", f + 1);
      human.print(r.histories().get(f).toTable());
      foldJson.add(r.histories().get(f).toJson());
    }
    json.addProperty("folds", folds);
    json.addProperty("outOfFoldError", oofError);
    json.add("foldHistories", foldJson);
    if (validation != null) {
      r.averaged().get(0).write(out.resolve("valid.pred"));
      double vErr = TopOneError.of(validation.open().dataset()).score(r.averaged().get(0)).score();
      human.printf("validation top-1 error of the %d-fold average: %.4f%n", folds, vErr);
      json.addProperty("validationError", vErr);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    human.printf("model written to %s on %s (%.0f s)%n", out, master, seconds);
    human.flush();
    json.addProperty("seconds", seconds);
    common.printJson(json);
    return 0;
  }

  private static String abs(Path p) {
    return p.toAbsolutePath().toString();
  }
}
