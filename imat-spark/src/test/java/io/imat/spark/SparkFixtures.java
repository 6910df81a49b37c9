package io.imat.spark;

import io.imat.models.Classifier;
import io.imat.models.backbone.Backbone;
import io.imat.models.head.Head;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;

/** Small synthetic data and a small network, so that Spark tests take seconds. */
final class SparkFixtures {
  private SparkFixtures() {}

  /** Writes a synthetic dataset of {@code images} 40-px pictures (2 % gone) into {@code dir}. */
  static SyntheticDataset synth(Path dir, int images) throws IOException {
    SyntheticDataset s =
        SyntheticDataset.builder().images(images).imageSize(40).seed(7).deadFraction(0.02).build();
    s.write(dir);
    return s;
  }

  /** The training file of a dataset written by {@link #synth}. */
  static String trainFile(Path dir) {
    return dir.resolve(SyntheticDataset.TRAIN_FILE).toString();
  }

  /** The picture directory of a dataset written by {@link #synth}. */
  static String images(Path dir) {
    return dir.resolve(SyntheticDataset.IMAGES_DIR).toString();
  }

  /**
   * ResNet-18 (a built-in backbone, so that executors load it by name) from random weights at 32
   * px, no augmentation, one loader thread. A recipe: it travels to executors.
   */
  static ClassifierRecipe tinyRecipe(int epochs) {
    return b ->
        b.backbone(Backbone.RESNET18)
            .randomInit()
            .head(Head.sigmoid())
            .imageSize(32)
            .batchSize(16)
            .adam(3e-3)
            .noAugmentation()
            .loaderThreads(1)
            .epochs(epochs)
            .seed(1);
  }

  /** The same classifier for a single-machine run with one PyTorch thread. */
  static Classifier tinyClassifier(int epochs) {
    Classifier.Builder b = Classifier.builder();
    tinyRecipe(epochs).configure(b);
    return b.computeThreads(1).build();
  }
}
