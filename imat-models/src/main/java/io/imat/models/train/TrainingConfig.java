package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import com.google.auto.value.AutoValue;
import com.google.gson.JsonObject;
import io.imat.augment.Augmenter;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.head.Head;
import java.util.Optional;

/**
 * Everything a training run needs to know, as the {@code Classifier} builder resolved it: the
 * network, the data pipeline, and the two phases of the seed's recipe — a head-only warm-up with
 * the backbone frozen ({@link #warmupEpochs()} epochs at {@link #warmupLearningRate()}), then
 * fine-tuning of the layers {@link #unfreeze()} selects at {@link #learningRate()}, each phase with
 * its own Adam state and its own plateau schedule. Immutable; build it with {@link #builder()}
 * (validated) or let {@code Classifier.builder()} do it.
 */
@AutoValue
public abstract class TrainingConfig {
  TrainingConfig() {}

  /**
   * A builder without defaults but {@link Unfreeze#all()}, the CPU and {@link Precision#FP32}:
   * every other property must be set (the optional ones may be left).
   */
  public static Builder builder() {
    return new AutoValue_TrainingConfig.Builder()
        .unfreeze(Unfreeze.all())
        .device(Device.cpu())
        .precision(Precision.FP32);
  }

  /** The headless network. */
  public abstract Backbone backbone();

  /** The classification head. */
  public abstract Head head();

  /** Square input side in pixels. */
  public abstract int imageSize();

  /** Augmentation of training pictures after the resize; empty for none. */
  public abstract Optional<Augmenter> augmenter();

  /** Pictures per step. */
  public abstract int batchSize();

  /** Total epochs, warm-up included. */
  public abstract int epochs();

  /** Head-only epochs with the backbone frozen, first. */
  public abstract int warmupEpochs();

  /** Adam's learning rate in the warm-up. */
  public abstract double warmupLearningRate();

  /** Adam's initial learning rate in fine-tuning. */
  public abstract double learningRate();

  /** The backbone layers that learn in fine-tuning. */
  public abstract Unfreeze unfreeze();

  /** Learning-rate cut factor on a validation-loss plateau. */
  public abstract double plateauFactor();

  /** Epochs without improvement before a cut. */
  public abstract int plateauPatience();

  /** Floor of the learning rate. */
  public abstract double minLearningRate();

  /** Fine-tuning epochs without a better validation error before stopping (0 = never). */
  public abstract int earlyStoppingPatience();

  /** Seeds weights, shuffling and augmentation. */
  public abstract long seed();

  /** Threads decoding and augmenting pictures. */
  public abstract int loaderThreads();

  /** PyTorch intra-op threads (0 = the engine's default). */
  public abstract int computeThreads();

  /** Where the network trains: DJL's {@link Device}, the CPU unless set. */
  public abstract Device device();

  /** Weights loaded into the backbone before training; empty for a random initialisation. */
  public abstract Optional<PretrainedWeights> pretrained();

  /** The number format of the training steps' arithmetic; float32 unless set. */
  public abstract Precision precision();

  /**
   * The largest share of existing pictures that may fail to decode in an epoch before training
   * stops (missing files do not count: dead URLs are expected).
   */
  public abstract double maxUnreadableShare();

  /** Whether the run has a warm-up phase. */
  public boolean hasWarmup() {
    return warmupEpochs() > 0;
  }

  /** Whether {@code epoch} (1-based) belongs to the warm-up. */
  public boolean isWarmup(int epoch) {
    return epoch <= warmupEpochs();
  }

  /** A builder holding these values. */
  public abstract Builder toBuilder();

  /** The JSON form stored with checkpoints and models (the augmenter as a flag only). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("backbone", backbone().name());
    o.addProperty("head", head().name());
    o.addProperty("dropout", head().dropout());
    o.addProperty("imageSize", imageSize());
    o.addProperty("augmented", augmenter().isPresent());
    o.addProperty("batchSize", batchSize());
    o.addProperty("epochs", epochs());
    o.addProperty("warmupEpochs", warmupEpochs());
    o.addProperty("warmupLearningRate", warmupLearningRate());
    o.addProperty("learningRate", learningRate());
    o.addProperty("unfreeze", unfreeze().toString());
    o.addProperty("plateauFactor", plateauFactor());
    o.addProperty("plateauPatience", plateauPatience());
    o.addProperty("minLearningRate", minLearningRate());
    o.addProperty("earlyStoppingPatience", earlyStoppingPatience());
    o.addProperty("seed", seed());
    o.addProperty("pretrained", pretrained().map(Object::toString).orElse("none"));
    o.addProperty("maxUnreadableShare", maxUnreadableShare());
    o.addProperty("device", device().toString());
    o.addProperty("precision", precision().id());
    return o;
  }

  /** Builds a {@link TrainingConfig}; {@link #build()} checks the values together. */
  @AutoValue.Builder
  public abstract static class Builder {
    Builder() {}

    /** See {@link TrainingConfig#backbone()}. */
    public abstract Builder backbone(Backbone value);

    /** See {@link TrainingConfig#head()}. */
    public abstract Builder head(Head value);

    /** See {@link TrainingConfig#imageSize()}. */
    public abstract Builder imageSize(int value);

    /** See {@link TrainingConfig#augmenter()}. */
    public abstract Builder augmenter(Augmenter value);

    /** See {@link TrainingConfig#augmenter()}. */
    public abstract Builder augmenter(Optional<Augmenter> value);

    /** See {@link TrainingConfig#batchSize()}. */
    public abstract Builder batchSize(int value);

    /** See {@link TrainingConfig#epochs()}. */
    public abstract Builder epochs(int value);

    /** See {@link TrainingConfig#warmupEpochs()}. */
    public abstract Builder warmupEpochs(int value);

    /** See {@link TrainingConfig#warmupLearningRate()}. */
    public abstract Builder warmupLearningRate(double value);

    /** See {@link TrainingConfig#learningRate()}. */
    public abstract Builder learningRate(double value);

    /** See {@link TrainingConfig#unfreeze()}. */
    public abstract Builder unfreeze(Unfreeze value);

    /** See {@link TrainingConfig#plateauFactor()}. */
    public abstract Builder plateauFactor(double value);

    /** See {@link TrainingConfig#plateauPatience()}. */
    public abstract Builder plateauPatience(int value);

    /** See {@link TrainingConfig#minLearningRate()}. */
    public abstract Builder minLearningRate(double value);

    /** See {@link TrainingConfig#earlyStoppingPatience()}. */
    public abstract Builder earlyStoppingPatience(int value);

    /** See {@link TrainingConfig#seed()}. */
    public abstract Builder seed(long value);

    /** See {@link TrainingConfig#loaderThreads()}. */
    public abstract Builder loaderThreads(int value);

    /** See {@link TrainingConfig#computeThreads()}. */
    public abstract Builder computeThreads(int value);

    /** See {@link TrainingConfig#device()}. */
    public abstract Builder device(Device value);

    /** See {@link TrainingConfig#pretrained()}. */
    public abstract Builder pretrained(PretrainedWeights value);

    /** See {@link TrainingConfig#pretrained()}. */
    public abstract Builder pretrained(Optional<PretrainedWeights> value);

    /** See {@link TrainingConfig#precision()}. */
    public abstract Builder precision(Precision value);

    /** See {@link TrainingConfig#maxUnreadableShare()}. */
    public abstract Builder maxUnreadableShare(double value);

    abstract TrainingConfig autoBuild();

    /**
     * Builds and checks the configuration.
     *
     * @throws IllegalArgumentException naming the first value out of range
     * @throws IllegalStateException if a required value was not set
     */
    public TrainingConfig build() {
      TrainingConfig c = autoBuild();
      checkArgument(
          c.imageSize() >= 16 && c.imageSize() <= 2048,
          "image size %s out of 16..2048",
          c.imageSize());
      checkArgument(c.batchSize() >= 1, "batch size must be positive");
      checkArgument(c.epochs() >= 1, "need at least one epoch");
      checkArgument(c.warmupEpochs() >= 0, "negative warm-up");
      checkArgument(
          c.warmupEpochs() <= c.epochs(),
          "warm-up (%s epochs) longer than training (%s epochs, warm-up included)",
          c.warmupEpochs(),
          c.epochs());
      checkRate("warm-up learning rate", c.warmupLearningRate());
      checkRate("learning rate", c.learningRate());
      checkArgument(
          c.plateauFactor() > 0 && c.plateauFactor() < 1,
          "plateau factor %s out of (0, 1)",
          c.plateauFactor());
      checkArgument(
          c.plateauPatience() >= 0 && c.minLearningRate() >= 0,
          "negative patience or minimum learning rate");
      checkArgument(c.earlyStoppingPatience() >= 0, "negative early-stopping patience");
      checkArgument(c.loaderThreads() >= 1, "need at least one loader thread");
      checkArgument(c.computeThreads() >= 0, "negative thread count");
      checkArgument(
          c.maxUnreadableShare() >= 0 && c.maxUnreadableShare() <= 1,
          "unreadable share %s out of [0, 1]",
          c.maxUnreadableShare());
      // Fails now, not after the warm-up, when the backbone cannot unfreeze as asked.
      c.backbone().frozenLayers(c.backbone().newBlock(), c.unfreeze());
      return c;
    }

    private static void checkRate(String what, double lr) {
      checkArgument(lr > 0 && Double.isFinite(lr), "bad %s %s", what, lr);
    }
  }
}
