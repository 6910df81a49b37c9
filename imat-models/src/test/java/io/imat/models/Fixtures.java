package io.imat.models;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.imat.augment.image.Preprocessing;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.ResNet;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.keras.KerasWeightsWriter;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Small synthetic data and a tiny network, so training tests take seconds on 2 cores. */
public final class Fixtures {
  /**
   * A 3-stage basic ResNet, 16 channels wide (under 16, PyTorch 2.2.2's oneDNN kernels on AVX-512
   * CPUs intermittently return NaN gradients: see the README).
   */
  public static final ResNet TINY_RESNET =
      ResNet.builder().bottleneck(false).units(1, 1, 1).width(16).build();

  /**
   * The tiny backbone, 'tf' preprocessing; its blocks are {@code stem}, {@code conv2_block1},
   * {@code conv3_block1}, {@code conv4_block1}.
   */
  public static final Backbone TINY =
      Backbone.of("tiny", 32, TINY_RESNET.featureSize(), Preprocessing.tf(), TINY_RESNET::newBlock)
          .withBlocks(l -> l.matches("conv\\d+_block\\d+") ? Optional.of(l) : Optional.empty());

  private Fixtures() {}

  /** Writes a synthetic dataset of {@code images} 40-px pictures into {@code dir}. */
  public static SyntheticDataset synth(Path dir, int images) throws IOException {
    SyntheticDataset s =
        SyntheticDataset.builder().images(images).imageSize(40).seed(7).deadFraction(0.02).build();
    s.write(dir);
    return s;
  }

  /** The pictures of {@code synth}'s training split. */
  public static PictureSet train(SyntheticDataset synth, Path dir) {
    return PictureSet.of(synth.train(), dir.resolve(SyntheticDataset.IMAGES_DIR));
  }

  /** The pictures of {@code synth}'s validation split. */
  public static PictureSet validation(SyntheticDataset synth, Path dir) {
    return PictureSet.of(synth.validation(), dir.resolve(SyntheticDataset.IMAGES_DIR));
  }

  /**
   * Writes the tiny backbone, initialised with {@code seed}, as Keras weights to {@code file}: a
   * stand-in for pretrained weights whose values the test knows.
   */
  public static void tinyWeights(Path file, int seed) throws IOException {
    try (Model model = Model.newInstance("tiny-weights", "PyTorch")) {
      model.getNDManager().getEngine().setRandomSeed(seed);
      Block block = TINY.newBlock();
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
      KerasWeightsWriter.write(block, file);
    }
  }

  /** A classifier on the tiny backbone at 32 px, one compute thread, no augmentation. */
  public static Classifier.Builder tinyClassifier() {
    return Classifier.builder()
        .backbone(TINY)
        .head(Head.sigmoid())
        .imageSize(32)
        .batchSize(16)
        .adam(3e-3)
        .noAugmentation()
        .computeThreads(1)
        .loaderThreads(1)
        .seed(1);
  }
}
