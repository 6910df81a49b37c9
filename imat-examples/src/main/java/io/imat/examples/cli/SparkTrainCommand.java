package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.backbone.Backbone;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.head.Head;
import io.imat.models.train.Unfreeze;
import io.imat.spark.ClassifierRecipe;
import io.imat.spark.PictureSource;
import io.imat.spark.SparkCrossValidation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

  @Option(
      names = "--backbone",
      defaultValue = "resnet50",
      paramLabel = "NAME",
      description = "As for 'imat train' (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--weights",
      paramLabel = "imagenet|none|FILE.h5",
      description = "As for 'imat train'; a file must be at the same path on every machine.")
  String weights;

  @Option(
      names = "--head",
      defaultValue = "sigmoid",
      paramLabel = "HEAD",
      description = "sigmoid, masked-sigmoid or per-task (default: ${DEFAULT-VALUE}).")
  String head;

  @Option(names = "--size", paramLabel = "PX", description = "Input side (default: backbone's).")
  Integer size;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      paramLabel = "N",
      description = "Epochs, warm-up included (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--warmup-epochs", paramLabel = "N", description = "As for 'imat train'.")
  Integer warmupEpochs;

  @Option(names = "--warmup-lr", paramLabel = "LR", description = "As for 'imat train'.")
  Double warmupLr;

  @Option(
      names = "--unfreeze",
      defaultValue = "all",
      paramLabel = "all|N|BLOCK",
      description = "As for 'imat train' (default: ${DEFAULT-VALUE}).")
  String unfreeze;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", paramLabel = "LR", description = "As for 'imat train'.")
  Double lr;

  @Option(
      names = "--plateau",
      defaultValue = "0.1:2",
      paramLabel = "FACTOR:PATIENCE",
      description = "Learning-rate cut on validation-loss plateaus (default: ${DEFAULT-VALUE}).")
  String plateau;

  @Option(
      names = "--early-stopping",
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop after N epochs without a better validation error (default: off).")
  int earlyStopping;

  @Option(names = "--folds", required = true, paramLabel = "K", description = "Folds (K >= 2).")
  int folds;

  @Option(
      names = "--inner-validation",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description = "As for 'imat train' (default: ${DEFAULT-VALUE}, the held-out fold).")
  double innerValidation;

  @Option(names = "--no-augment", description = "Train without the seed augmentation pipeline.")
  boolean noAugment;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Recipe recipe;
    SparkCrossValidation cv;
    try {
      String[] p = plateau.split(":");
      if (p.length != 2) {
        throw new IllegalArgumentException("--plateau must be FACTOR:PATIENCE, got " + plateau);
      }
      recipe =
          new Recipe(
              backbone,
              weights,
              head,
              size,
              epochs,
              warmupEpochs,
              warmupLr,
              unfreeze,
              batch,
              lr,
              Double.parseDouble(p[0]),
              Integer.parseInt(p[1]),
              earlyStopping,
              noAugment,
              seed);
      Classifier.Builder check = Classifier.builder();
      recipe.configure(check);
      check.build(); // the options together, before Spark starts
      cv =
          SparkCrossValidation.builder()
              .model("model", recipe) // one model: written to MODEL_DIR itself
              .folds(folds)
              .seed(seed)
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

  /** The classifier options, as plain values that travel to the executors. */
  record Recipe(
      String backbone,
      String weights,
      String head,
      Integer size,
      int epochs,
      Integer warmupEpochs,
      Double warmupLr,
      String unfreeze,
      int batch,
      Double lr,
      double plateauFactor,
      int plateauPatience,
      int earlyStopping,
      boolean noAugment,
      long seed)
      implements ClassifierRecipe {
    private static final long serialVersionUID = 1L;

    @Override
    public void configure(Classifier.Builder b) {
      b.backbone(Backbone.named(backbone))
          .head(Head.named(head))
          .epochs(epochs)
          .batchSize(batch)
          .unfreeze(Unfreeze.parse(unfreeze))
          .earlyStopping(earlyStopping)
          .seed(seed)
          .reduceLrOnPlateau(plateauFactor, plateauPatience);
      if (weights != null) {
        switch (weights.toLowerCase(Locale.ROOT)) {
          case "imagenet" -> b.imagenet();
          case "none", "random" -> b.randomInit();
          default -> b.pretrained(Path.of(weights));
        }
      }
      if (warmupEpochs != null) {
        b.warmupEpochs(warmupEpochs);
      }
      if (warmupLr != null) {
        b.warmupLearningRate(warmupLr);
      }
      if (lr != null) {
        b.adam(lr);
      }
      if (size != null) {
        b.imageSize(size);
      }
      if (noAugment) {
        b.noAugmentation();
      }
    }
  }
}
