package io.imat.examples.runnable;

import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Task;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.PictureSet;
import io.imat.models.ensemble.Ensemble;
import io.imat.models.ensemble.WeightFit;
import io.imat.models.ensemble.WeightFitter;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Merges an image model with the URL text model: per-task weights are fitted with {@link
 * WeightFitter} on the validation split, applied by {@link Ensemble} to the test split, and the
 * test top-1 error of each model, of the equal-weight merge and of the fitted merge are compared.
 * Images whose picture is gone have no image row: the text model answers for them alone.
 *
 * <p>Run: {@code ./imat example merge [DIR]} (DIR: working directory, default a new temporary one).
 * Writes {@code DIR/data/} and {@code DIR/merged-test.pred}. About 20 s on 2 cores.
 */
public final class MergeExample {
  private MergeExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-merge-");
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network
    SyntheticDataset synth = SyntheticDataset.builder().images(800).imageSize(48).seed(11).build();
    synth.write(work.resolve("data"));
    Path images = work.resolve("data").resolve(SyntheticDataset.IMAGES_DIR);

    // A quick image model (a few epochs, tiny pictures) and the URL text model, on the same data.
    Classifier clf =
        Classifier.builder()
            .backbone(Backbone.RESNET18)
            .imageSize(32)
            .epochs(4)
            .adam(2e-3)
            .computeThreads(1) // on a small, shared CPU one PyTorch thread is much the fastest
            .build();
    Predictions imageValid;
    Predictions imageTest;
    try (TrainedModel image = clf.train(PictureSet.of(synth.train(), images), null)) {
      imageValid = image.predict(PictureSet.of(synth.validation(), images));
      imageTest = image.predict(PictureSet.of(synth.test(), images));
    }
    TrainedUrlTextModel text = UrlTextModel.builder().seed(11).build().train(synth.train());
    Predictions textValid = text.predict(synth.validation());
    Predictions textTest = text.predict(synth.test());

    // Fit the weights on validation: one shared vector, then (second fit) per task where it helps.
    List<Predictions> valid = List.of(imageValid, textValid);
    WeightFit shared = WeightFitter.builder().perTask(false).build().fit(valid, synth.validation());
    WeightFit perTask = WeightFitter.builder().build().fit(valid, synth.validation());
    double[] defaults = perTask.weights().defaults();
    System.out.printf("shared weights (image, text): %.1f, %.1f%n", defaults[0], defaults[1]);
    for (Task task : synth.taxonomy().tasks()) {
      double[] w = perTask.weights().forTask(task);
      if (!Arrays.equals(w, defaults)) {
        System.out.printf("  %-20s own weights %.1f, %.1f%n", task.name(), w[0], w[1]);
      }
    }
    System.out.printf(
        "validation (in-sample, optimistic): equal weights %.4f, shared %.4f, per task %.4f%n",
        perTask.initialReport().score(),
        shared.fittedReport().score(),
        perTask.fittedReport().score());

    // Judge on the test split, which the weights never saw. With a validation split this small,
    // per-task weights partly fit noise: the shared ones are the safer choice.
    List<Predictions> test = List.of(imageTest, textTest);
    TopOneError metric = TopOneError.of(synth.testTruth());
    System.out.printf(
        "test top-1 error: image %.4f (%d of %d pictures), text %.4f%n",
        metric.score(imageTest).score(),
        imageTest.size(),
        synth.test().size(),
        metric.score(textTest).score());
    System.out.printf(
        "  merged: equal weights %.4f, shared fitted %.4f, per-task fitted %.4f%n",
        metric.score(Ensemble.builder().build().merge(test)).score(),
        metric.score(shared.ensemble().merge(test)).score(),
        metric.score(perTask.ensemble().merge(test)).score());
    shared.ensemble().merge(test).write(work.resolve("merged-test.pred"));
  }
}
