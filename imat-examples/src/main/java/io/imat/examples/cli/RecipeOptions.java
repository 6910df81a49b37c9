package io.imat.examples.cli;

import io.imat.models.Classifier;
import io.imat.models.backbone.Backbone;
import io.imat.models.head.Head;
import io.imat.models.train.CpuFeatures;
import io.imat.models.train.Precision;
import io.imat.models.train.Unfreeze;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The training recipe's options, shared by {@code imat train} and {@code imat spark train}: the
 * backbone and its starting weights, the head, the two phases and their learning rates, and the
 * schedule. Serializable (plain values only), so that a Spark job can ship them to its executors.
 */
final class RecipeOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  @Option(
      names = "--backbone",
      defaultValue = "resnet50",
      paramLabel = "NAME",
      description =
          "resnet50, inception_v3, xception (Keras, ImageNet weights) or resnet18 (no Keras"
              + " weights: random start) (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--weights",
      paramLabel = "imagenet|none|FILE.h5",
      description =
          "Starting weights: imagenet (the official Keras file, looked up in $IMAT_WEIGHTS,"
              + " ~/.keras/models, imat's cache), none (random), or a Keras weights file"
              + " (default: imagenet for the Keras backbones, none for resnet18).")
  @Nullable String weights;

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
  @Nullable Integer size;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      paramLabel = "N",
      description = "Epochs, warm-up included (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--warmup-epochs",
      paramLabel = "N",
      description =
          "Head-only epochs first, backbone frozen (default: 2 from pretrained weights, at most"
              + " epochs - 1; 0 from random weights).")
  @Nullable Integer warmupEpochs;

  @Option(
      names = "--warmup-lr",
      paramLabel = "LR",
      description = "Adam learning rate of the warm-up (default: 1e-3).")
  @Nullable Double warmupLr;

  @Option(
      names = "--unfreeze",
      defaultValue = "all",
      paramLabel = "all|N|BLOCK",
      description =
          "Backbone layers that learn in fine-tuning: all, the top N blocks, or every block from"
              + " BLOCK up (e.g. mixed9; 'imat backbones' lists them) (default: ${DEFAULT-VALUE}).")
  String unfreeze;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      paramLabel = "LR",
      description =
          "Adam learning rate of the fine-tuning phase (default: 1e-4 from pretrained weights,"
              + " 1e-3 from random weights).")
  @Nullable Double lr;

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

  @Option(names = "--no-augment", description = "Train without the seed augmentation pipeline.")
  boolean noAugment;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      paramLabel = "fp32|bf16",
      description =
          "Number format of the training steps (default: ${DEFAULT-VALUE}). bf16 computes in"
              + " bfloat16 with float32 weights and Adam state, like torch.autocast; refused on a"
              + " CPU without AVX512-BF16 or AMX-BF16.")
  String precision;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /**
   * Sets these options on {@code b}.
   *
   * @throws IllegalArgumentException for a value that is not an option's (a CLI usage error)
   */
  void configure(Classifier.Builder b) {
    b.backbone(Backbone.named(backbone))
        .head(Head.named(head))
        .epochs(epochs)
        .batchSize(batch)
        .unfreeze(Unfreeze.parse(unfreeze))
        .earlyStopping(earlyStopping)
        .seed(seed);
    try {
      b.precision(Precision.ofSupported(precision, CpuFeatures.current()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision " + precision + ": " + e.getMessage(), e);
    }
    if (weights != null) {
      switch (weights.toLowerCase(Locale.ROOT)) {
        case "imagenet" -> b.imagenet();
        case "none", "random" -> b.randomInit();
        default -> {
          Path file = Path.of(weights);
          if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                "--weights: " + weights + " is neither imagenet, none, nor an existing .h5 file");
          }
          b.pretrained(file);
        }
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
  }
}
