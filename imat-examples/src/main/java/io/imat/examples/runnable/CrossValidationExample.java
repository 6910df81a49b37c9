package io.imat.examples.runnable;

import io.imat.api.predict.Predictions;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.backbone.Backbone;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.models.train.EpochStats;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * K-fold cross-validation as the seed team did it (they used 10 folds; here 3, tiny models):
 * multi-label stratified folds, one model per fold, out-of-fold predictions for every training
 * image (the input for fitting merge weights) and test predictions averaged over the fold models.
 *
 * <p>Run: {@code ./imat example cross-validation [DIR]} (DIR: working directory, default a new
 * temporary one). Writes {@code DIR/data/}, {@code DIR/cv/fold-N/} (the fold models), {@code
 * DIR/oof.pred} and {@code DIR/test.pred}. Takes about half a minute on 2 cores.
 */
public final class CrossValidationExample {
  private CrossValidationExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-cv-");
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network

    SyntheticDataset synth = SyntheticDataset.builder().images(300).imageSize(48).seed(5).build();
    synth.write(work.resolve("data"));
    Path images = work.resolve("data").resolve(SyntheticDataset.IMAGES_DIR);

    Classifier clf =
        Classifier.builder()
            .backbone(Backbone.RESNET18)
            .imageSize(32)
            .batchSize(16)
            .epochs(4)
            .adam(2e-3)
            .reduceLrOnPlateau(0.5, 1)
            .computeThreads(1) // on a small, shared CPU one PyTorch thread is much the fastest
            .build();
    CrossValidationResult cv =
        CrossValidation.builder()
            .classifier(clf)
            .folds(3)
            .seed(5)
            .saveModelsTo(work.resolve("cv"))
            .build()
            .run(
                PictureSet.of(synth.train(), images), // split into 3 stratified folds
                List.of(PictureSet.of(synth.test(), images))); // predicted by every fold model

    System.out.println("folds (deviation from the global label distribution):");
    System.out.println(cv.folds().report());
    for (int f = 0; f < cv.histories().size(); f++) {
      EpochStats best = cv.histories().get(f).best().orElseThrow();
      System.out.printf(
          "fold %d: %d held-out images, kept epoch %d, held-out top-1 error %.4f%n",
          f + 1, cv.folds().validationIndexes(f).length, best.epoch(), best.validationError());
    }

    Predictions oof = cv.outOfFold(); // each training image, by the model that never saw it
    Predictions test = cv.averaged().get(0); // mean of the 3 fold models
    System.out.printf(
        "out-of-fold top-1 error on train: %.4f (%d of %d images have a row)%n",
        TopOneError.of(synth.train()).score(oof).score(), oof.size(), synth.train().size());
    Predictions prior = Predictions.priorsOnly(test.priors()); // no rows
    TopOneError onTest = TopOneError.of(synth.testTruth());
    System.out.printf(
        "test top-1 error: averaged fold models %.4f, majority baseline %.4f%n",
        onTest.score(test).score(), onTest.score(prior).score());
    oof.write(work.resolve("oof.pred"));
    test.write(work.resolve("test.pred"));
    System.out.println("fold models: " + cv.modelDirs());
  }
}
