package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.TrainingHistory;
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
      "Fine-tune an image model: head-only warm-up with the backbone frozen, then all layers;"
          + " Adam; learning rate cut on validation-loss plateaus; the epoch with the lowest"
          + " validation top-1 error is kept.",
      "With --folds K, trains K models on stratified folds of the training data and writes"
          + " MODEL_DIR/fold-N/ and the out-of-fold predictions MODEL_DIR/oof.pred."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

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

  @Option(
      names = "--backbone",
      defaultValue = "resnet50",
      paramLabel = "NAME",
      description = "resnet18 or resnet50 (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--head",
      defaultValue = "sigmoid",
      paramLabel = "HEAD",
      description = "sigmoid, masked-sigmoid or per-task (default: ${DEFAULT-VALUE}).")
  String head;

  @Option(
      names = "--size",
      paramLabel = "PX",
      description = "Input side (default: the backbone's).")
  Integer size;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      paramLabel = "N",
      description = "Epochs, warm-up included (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--warmup-epochs",
      defaultValue = "0",
      paramLabel = "N",
      description = "Head-only epochs first (default: ${DEFAULT-VALUE}).")
  int warmupEpochs;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      paramLabel = "LR",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

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

  @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation.")
  Integer folds;

  @Option(names = "--no-augment", description = "Train without the seed augmentation pipeline.")
  boolean noAugment;

  @Option(names = "--resume", description = "Continue from the checkpoints in MODEL_DIR.")
  boolean resume;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "PyTorch threads (default: the engine's choice).")
  int threads;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Classifier.Builder b;
    try {
      b =
          Classifier.builder()
              .backbone(Backbone.named(backbone))
              .head(Head.named(head))
              .epochs(epochs)
              .warmupEpochs(warmupEpochs)
              .batchSize(batch)
              .adam(lr)
              .earlyStopping(earlyStopping)
              .seed(seed)
              .computeThreads(threads)
              .resume(resume)
              .progress(new ConsoleProgress(common.err()));
      String[] p = plateau.split(":");
      if (p.length != 2) {
        throw new IllegalArgumentException("--plateau must be FACTOR:PATIENCE, got " + plateau);
      }
      b.reduceLrOnPlateau(Double.parseDouble(p[0]), Integer.parseInt(p[1]));
      if (size != null) {
        b.imageSize(size);
      }
      if (noAugment) {
        b.noAugmentation();
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
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
              .seed(seed)
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

  private static void describe(PrintWriter out, TrainingHistory h) {
    out.print(h.toTable());
  }
}
