package io.imat.examples.runnable;

import io.imat.api.predict.Predictions;
import io.imat.augment.Augmenters;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.PredictOptions;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.EpochStats;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains an image model, scaled down for a CPU: ResNet-18 at 48 px with Adam and the learning rate
 * halved on validation-loss plateaus; prints the history, predicts the test split with test-time
 * augmentation (mirror), saves the model and loads it back. ResNet-18 has no Keras ImageNet
 * weights, so it starts from random weights and every layer learns from the first epoch (a frozen
 * warm-up of a random backbone would teach nothing); with {@code RESNET50}, {@code INCEPTION_V3} or
 * {@code XCEPTION} the same builder starts from their ImageNet weights with the seed's two phases
 * ({@code imat example transfer} shows them).
 *
 * <p>Run: {@code ./imat example train [DIR]} (DIR: working directory, default a new temporary one).
 * Writes {@code DIR/data/} (synthetic dataset) and {@code DIR/model/}. Takes about half a minute on
 * 2 cores.
 */
public final class TrainExample {
  private TrainExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-train-");
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network

    SyntheticDataset synth = SyntheticDataset.builder().images(300).imageSize(64).seed(3).build();
    synth.write(work.resolve("data"));
    Path images = work.resolve("data").resolve(SyntheticDataset.IMAGES_DIR);
    PictureSet train = PictureSet.of(synth.train(), images);
    PictureSet valid = PictureSet.of(synth.validation(), images);
    PictureSet test = PictureSet.of(synth.test(), images);

    Classifier clf =
        Classifier.builder()
            .backbone(Backbone.RESNET18)
            .head(Head.sigmoid()) // one sigmoid per label, binary cross-entropy
            .imageSize(48)
            .augmenter(Augmenters.seedPipeline())
            .batchSize(16)
            .epochs(5)
            .adam(2e-3)
            .reduceLrOnPlateau(0.5, 1) // halve the rate after 1 epoch without a better val loss
            .seed(3)
            .computeThreads(1) // on a small, shared CPU one PyTorch thread is much the fastest
            .build();
    try (TrainedModel model = clf.train(train, valid)) {
      for (EpochStats e : model.history().epochs()) {
        System.out.printf(
            "epoch %d%s: train loss %.4f, val loss %.4f, val error %.4f, lr %.5f, %.1f s%n",
            e.epoch(),
            e.warmup() ? " (warm-up)" : "",
            e.trainLoss(),
            e.validationLoss(),
            e.validationError(),
            e.learningRate(),
            e.seconds());
      }
      System.out.println("kept epoch " + model.history().bestEpoch() + " (lowest val error)");

      PredictOptions tta = PredictOptions.builder().tta(true).build(); // + mirror image
      Predictions p = model.predict(test, tta);
      Predictions prior = Predictions.priorsOnly(p.priors()); // no rows
      TopOneError metric = TopOneError.of(synth.testTruth());
      System.out.printf(
          "test top-1 error: model %.4f, majority answer %.4f (%d of %d pictures readable)%n",
          metric.score(p).score(), metric.score(prior).score(), p.size(), test.dataset().size());

      model.save(work.resolve("model")); // model.json + weights.params + history.json
      try (TrainedModel again = Classifier.load(work.resolve("model"))) {
        Predictions q = again.predict(test, tta);
        System.out.printf("after save + load: %.4f%n", metric.score(q).score());
      }
    }
  }
}
