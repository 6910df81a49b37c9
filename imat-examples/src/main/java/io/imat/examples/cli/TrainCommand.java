package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.TrainedModel;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.models.train.Precision;
import io.imat.models.train.TrainingConfig;
import io.imat.models.train.TrainingHistory;
import io.imat.models.weights.ImagenetWeights;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat train}: fine-tunes an image model, optionally with K-fold cross-validation. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune an image model the seed's way: start from the backbone's Keras ImageNet weights"
          + " (resnet50, inception_v3, xception; see 'imat weights'), a head-only warm-up with the"
          + " backbone frozen (2 epochs, lr 1e-3), then fine-tuning of all layers (or --unfreeze"
          + " the top N blocks) at a lower learning rate (1e-4) with a fresh Adam state; the"
          + " learning rate is cut on validation-loss plateaus, per phase; the epoch with the"
          + " lowest validation top-1 error is kept.",
      "With --folds K, trains K models on stratified folds of the training data and writes"
          + " MODEL_DIR/fold-N/ and the out-of-fold predictions MODEL_DIR/oof.pred."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin RecipeOptions recipe;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "TRAIN.json",
      description = "Training data.")
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

  @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation.")
  Integer folds;

  @Option(
      names = "--inner-validation",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "With --folds: choose each fold model's epoch on this share of its training images, so"
              + " that oof.pred is honest, instead of on the held-out fold (default: ${DEFAULT-VALUE},"
              + " the held-out fold).")
  double innerValidation;

  @Option(names = "--resume", description = "Continue from the checkpoints in MODEL_DIR.")
  boolean resume;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "PyTorch threads (default: the engine's choice).")
  int threads;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output.")
  Path out;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    Classifier.Builder b = Classifier.builder();
    try {
      recipe.configure(b);
      b.computeThreads(threads)
          .device(device.device())
          .resume(resume)
          .progress(new ConsoleProgress(common.err()));
      b.build(); // checks the options together before any data is read
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
    TrainingConfig config = b.build().config();
    if (config.pretrained().orElse(null) instanceof ImagenetWeights imagenet) {
      imagenet.resolve(); // a missing or corrupt file fails now, before any data is read
    }
    describeStart(common.human(), config);
    Taxonomy taxonomy = Inputs.taxonomyFor(data, null);
    ImatDataset train = Inputs.load(data, taxonomy, false);
    ImatDataset validation = valid == null ? null : Inputs.load(valid, train.taxonomy(), false);
    PictureSet trainPics = PictureSet.of(train, images);
    PictureSet validPics =
        validation == null
            ? null
            : PictureSet.of(validation, validImages == null ? images : validImages);
    if (trainPics.available() == 0) {
      throw CliException.failure(images + ": none of the " + train.size() + " pictures is there");
    }
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    PrintWriter human = common.human();
    if (folds == null) {
      Classifier clf = b.checkpoints(out.resolve("checkpoints")).build();
      try (TrainedModel model = clf.train(trainPics, validPics)) {
        model.save(out);
        TrainingHistory h = model.history();
        describe(human, h);
        json.add("history", h.toJson());
        json.addProperty("bestEpoch", h.bestEpoch());
        h.best().ifPresent(e -> json.addProperty("validationError", e.validationError()));
      }
    } else {
      CrossValidationResult r =
          CrossValidation.builder()
              .classifier(b.build())
              .folds(folds)
              .innerValidation(innerValidation)
              .seed(recipe.seed)
              .saveModelsTo(out)
              .progress(new ConsoleProgress(common.err()))
              .build()
              .run(trainPics, validPics == null ? List.of() : List.of(validPics));
      r.outOfFold().write(out.resolve("oof.pred"));
      double oofError = TopOneError.of(train).score(r.outOfFold()).score();
      human.printf("out-of-fold top-1 error over %d folds: %.4f%n", folds, oofError);
      JsonArray foldJson = new JsonArray();
      for (int f = 0; f < r.histories().size(); f++) {
        human.printf("fold %d:%n", f + 1);
        describe(human, r.histories().get(f));
        foldJson.add(r.histories().get(f).toJson());
      }
      json.addProperty("folds", folds);
      json.addProperty("outOfFoldError", oofError);
      json.add("foldHistories", foldJson);
      if (validPics != null) {
        r.averaged().get(0).write(out.resolve("valid.pred"));
        double vErr = TopOneError.of(validation).score(r.averaged().get(0)).score();
        human.printf("validation top-1 error of the %d-fold average: %.4f%n", folds, vErr);
        json.addProperty("validationError", vErr);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    human.printf("model written to %s (%.0f s)%n", out, seconds);
    human.flush();
    json.addProperty("seconds", seconds);
    common.printJson(json);
    return 0;
  }

  private static void describeStart(PrintWriter out, TrainingConfig c) {
    String start =
        c.pretrained()
            .map(w -> "from " + w)
            .orElse(
                Classifier.hasImagenetWeights(c.backbone())
                    ? "from random weights (--weights none)"
                    : "from random weights (" + c.backbone() + " has no Keras ImageNet weights)");
    out.printf(
        "training %s %s%s; %s%n",
        c.backbone(),
        start,
        c.precision() == Precision.FP32 ? "" : " in " + c.precision().id() + " mixed precision",
        c.hasWarmup()
            ? String.format(
                "warm-up %s at lr %.3g (head only), then fine-tuning %s at lr %.3g (unfreeze %s)",
                epochs(c.warmupEpochs()),
                c.warmupLearningRate(),
                epochs(c.epochs() - c.warmupEpochs()),
                c.learningRate(),
                c.unfreeze())
            : String.format(
                "%s at lr %.3g (unfreeze %s)", epochs(c.epochs()), c.learningRate(), c.unfreeze()));
    out.flush();
  }

  private static String epochs(int n) {
    return n + (n == 1 ? " epoch" : " epochs");
  }

  private static void describe(PrintWriter out, TrainingHistory h) {
    out.print(h.toTable());
  }
}
