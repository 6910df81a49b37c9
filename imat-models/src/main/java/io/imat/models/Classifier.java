package io.imat.models;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.Device;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.progress.ProgressListener;
import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.keras.KerasWeights;
import io.imat.models.train.Checkpoint;
import io.imat.models.train.Precision;
import io.imat.models.train.TrainingConfig;
import io.imat.models.train.TrainingRun;
import io.imat.models.train.Unfreeze;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fine-tunes an image network on iMaterialist data the way the seed team did, by default: a
 * backbone that starts from its Keras ImageNet weights, a dropout + dense head, a head-only warm-up
 * with the backbone frozen (2 epochs at learning rate 1e-3), then fine-tuning of all layers at a
 * lower learning rate (1e-4) with a fresh Adam state; the learning rate is cut on validation-loss
 * plateaus, each phase with its own schedule; the epoch with the lowest validation top-1 error is
 * kept.
 *
 * <pre>{@code
 * // the seed's recipe: ImageNet weights (looked up where Keras keeps them), two phases
 * try (TrainedModel model = Classifier.builder()
 *     .backbone(Backbone.RESNET50)
 *     .pictures(Path.of("images"))
 *     .train(train, validation)) {
 *   Predictions p = model.predict(PictureSet.of(test, Path.of("images")));
 *   model.save(Path.of("model"));
 * }
 *
 * // every knob, and build() to reuse the classifier across folds
 * Classifier clf = Classifier.builder()
 *     .backbone(Backbone.INCEPTION_V3).head(Head.sigmoid()).imageSize(299)
 *     .augmenter(Augmenters.seedPipeline())
 *     .warmupEpochs(2).warmupLearningRate(1e-3)
 *     .epochs(20).adam(1e-4).unfreeze(Unfreeze.topBlocks(2))
 *     .reduceLrOnPlateau(0.1, 2)
 *     .build();
 * }</pre>
 *
 * The ImageNet file of a backbone is resolved when training starts (see {@link
 * Builder#imagenet()}); without it training fails at once with a message naming the file, where to
 * download it and where to put it. {@link Builder#randomInit()} opts out; {@link Backbone#RESNET18}
 * and custom backbones have no Keras file and start from random weights unless given {@link
 * Builder#pretrained(PretrainedWeights)}. Training runs on DJL's PyTorch engine. Immutable; {@link
 * #train} may be called many times (for example once per cross-validation fold).
 */
public final class Classifier {
  /** Head-only epochs when starting from pretrained weights, unless set. */
  public static final int DEFAULT_WARMUP_EPOCHS = 2;

  /** The warm-up's learning rate, unless set (Keras' Adam default). */
  public static final double DEFAULT_WARMUP_LEARNING_RATE = 1e-3;

  /** The fine-tuning learning rate after pretrained weights, unless set. */
  public static final double DEFAULT_FINE_TUNING_LEARNING_RATE = 1e-4;

  /** The learning rate from random weights, unless set (Keras' Adam default). */
  public static final double DEFAULT_SCRATCH_LEARNING_RATE = 1e-3;

  private final TrainingConfig config;
  private final @Nullable Path pictures;
  private final @Nullable Path checkpoints;
  private final boolean resume;
  private final ProgressListener progress;

  private Classifier(TrainingConfig config, Builder b) {
    this.config = config;
    this.pictures = b.pictures;
    this.checkpoints = b.checkpoints;
    this.resume = b.resume;
    this.progress = b.progress;
  }

  /** A builder with the seed team's defaults (ResNet-50 from ImageNet, two phases). */
  public static Builder builder() {
    return new Builder();
  }

  /** Loads a model saved by {@link TrainedModel#save}. */
  public static TrainedModel load(Path dir) throws IOException {
    return TrainedModel.load(dir);
  }

  /**
   * Whether {@code backbone} has official Keras ImageNet weights, the default start of {@link
   * #builder()} (false for {@link Backbone#RESNET18} and custom backbones).
   */
  public static boolean hasImagenetWeights(Backbone backbone) {
    return ImagenetDefaults.weightsFor(backbone).isPresent();
  }

  /** The training configuration, defaults resolved. */
  public TrainingConfig config() {
    return config;
  }

  /**
   * Trains on {@code train}, choosing the epoch by {@code validation} (without it, the last epoch
   * is kept). Pictures are read from {@link Builder#pictures}.
   */
  public TrainedModel train(ImatDataset train, @Nullable ImatDataset validation)
      throws IOException {
    checkState(pictures != null, "set pictures(dir) or pass PictureSets");
    return train(
        PictureSet.of(train, pictures),
        validation == null ? null : PictureSet.of(validation, pictures));
  }

  /** Trains on {@code train}, choosing the epoch by {@code validation} (optional). */
  public TrainedModel train(PictureSet train, @Nullable PictureSet validation) throws IOException {
    return train(train, validation, checkpoints);
  }

  /** Trains with checkpoints in {@code checkpointDir} (without one, no checkpoints). */
  public TrainedModel train(
      PictureSet train, @Nullable PictureSet validation, @Nullable Path checkpointDir)
      throws IOException {
    TrainingRun.Result r =
        new TrainingRun(
                config,
                train,
                validation,
                checkpointDir == null ? null : new Checkpoint(checkpointDir),
                resume,
                progress)
            .run();
    return new TrainedModel(
        r.model(),
        r.network(),
        config.backbone(),
        config.head(),
        config.imageSize(),
        r.taxonomy(),
        r.priors(),
        r.history(),
        config.toJson(),
        config.loaderThreads());
  }

  @Override
  public String toString() {
    return "Classifier" + config.toJson();
  }

  /** Options of a classifier. Not thread-safe; {@link #build()} freezes them. */
  public static final class Builder {
    private enum Start {
      DEFAULT,
      IMAGENET,
      RANDOM,
      GIVEN
    }

    private Backbone backbone = Backbone.RESNET50;
    private Head head = Head.sigmoid();
    private int imageSize;
    private @Nullable Augmenter augmenter = Augmenters.seedPipeline();
    private int batchSize = 16;
    private int epochs = 10;
    private @Nullable Integer warmupEpochs;
    private double warmupLearningRate = DEFAULT_WARMUP_LEARNING_RATE;
    private @Nullable Double learningRate;
    private Unfreeze unfreeze = Unfreeze.all();
    private double plateauFactor = 0.1;
    private int plateauPatience = 2;
    private double minLearningRate = 1e-6;
    private int earlyStoppingPatience = 0;
    private long seed = 42;
    private int loaderThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private int computeThreads = 0;
    private Device device = Device.cpu();
    private Precision precision = Precision.FP32;
    private double maxUnreadableShare = 0.05;
    private @Nullable Path pictures;
    private @Nullable Path checkpoints;
    private boolean resume;
    private ProgressListener progress = ProgressListener.none();
    private Start start = Start.DEFAULT;
    private @Nullable PretrainedWeights pretrained;

    private Builder() {}

    /** The backbone (default {@link Backbone#RESNET50}). */
    public Builder backbone(Backbone value) {
      this.backbone = checkNotNull(value);
      return this;
    }

    /**
     * Start from the backbone's official Keras ImageNet weights — the default for the Keras
     * backbones ({@link Backbone#RESNET50}, {@link Backbone#INCEPTION_V3}, {@link
     * Backbone#XCEPTION}). The file is looked up when training starts, in {@code $IMAT_WEIGHTS},
     * then {@code ~/.keras/models/}, then imat's cache, and hash-checked.
     *
     * @throws IllegalStateException at {@link #build()} if the backbone has no Keras ImageNet file
     */
    public Builder imagenet() {
      this.start = Start.IMAGENET;
      this.pretrained = null;
      return this;
    }

    /**
     * Start from a random initialisation (seeded by {@link #seed}), not from pretrained weights.
     */
    public Builder randomInit() {
      this.start = Start.RANDOM;
      this.pretrained = null;
      return this;
    }

    /** Start from these backbone weights (for example a Keras file a user trained before). */
    public Builder pretrained(PretrainedWeights value) {
      this.start = Start.GIVEN;
      this.pretrained = checkNotNull(value);
      return this;
    }

    /** Start from the Keras weights in {@code h5} ({@link KerasWeights#of}). */
    public Builder pretrained(Path h5) {
      return pretrained(KerasWeights.of(h5));
    }

    /** The head (default {@link Head#sigmoid()}). */
    public Builder head(Head value) {
      this.head = checkNotNull(value);
      return this;
    }

    /** Square input side (default: the backbone's). */
    public Builder imageSize(int value) {
      checkArgument(value >= 16 && value <= 2048, "image size %s out of 16..2048", value);
      this.imageSize = value;
      return this;
    }

    /** Training augmentation after the resize (default {@link Augmenters#seedPipeline()}). */
    public Builder augmenter(Augmenter value) {
      this.augmenter = checkNotNull(value);
      return this;
    }

    /** No augmentation: pictures are only resized. */
    public Builder noAugmentation() {
      this.augmenter = null;
      return this;
    }

    /** Pictures per step (default 16). */
    public Builder batchSize(int value) {
      checkArgument(value >= 1, "batch size must be positive");
      this.batchSize = value;
      return this;
    }

    /** Total epochs, warm-up included (default 10). */
    public Builder epochs(int value) {
      checkArgument(value >= 1, "need at least one epoch");
      this.epochs = value;
      return this;
    }

    /**
     * Head-only epochs with the backbone frozen, first. Default: {@value #DEFAULT_WARMUP_EPOCHS}
     * when starting from pretrained weights (at most {@code epochs − 1}, so that fine-tuning always
     * runs), 0 from random weights (freezing a random backbone teaches nothing).
     */
    public Builder warmupEpochs(int value) {
      checkArgument(value >= 0, "negative warm-up");
      this.warmupEpochs = value;
      return this;
    }

    /** Adam's learning rate during the warm-up (default 1e-3). */
    public Builder warmupLearningRate(double lr) {
      checkArgument(lr > 0 && Double.isFinite(lr), "bad warm-up learning rate %s", lr);
      this.warmupLearningRate = lr;
      return this;
    }

    /**
     * Adam with this initial learning rate for fine-tuning. Default: 1e-4 after pretrained weights
     * (ten times below the warm-up's, so the pretrained features are adjusted, not overwritten),
     * 1e-3 from random weights.
     */
    public Builder adam(double lr) {
      checkArgument(lr > 0 && Double.isFinite(lr), "bad learning rate %s", lr);
      this.learningRate = lr;
      return this;
    }

    /** Which backbone layers learn during fine-tuning (default {@link Unfreeze#all()}). */
    public Builder unfreeze(Unfreeze value) {
      this.unfreeze = checkNotNull(value);
      return this;
    }

    /**
     * Cut the learning rate by {@code factor} after {@code patience} epochs without a better
     * validation loss (default 0.1 after 2). Each phase starts its own count.
     */
    public Builder reduceLrOnPlateau(double factor, int patience) {
      return reduceLrOnPlateau(factor, patience, minLearningRate);
    }

    /** Like {@link #reduceLrOnPlateau(double, int)}, not below {@code minLr}. */
    public Builder reduceLrOnPlateau(double factor, int patience, double minLr) {
      checkArgument(factor > 0 && factor < 1, "plateau factor %s out of (0, 1)", factor);
      checkArgument(patience >= 0 && minLr >= 0, "negative patience or minimum learning rate");
      this.plateauFactor = factor;
      this.plateauPatience = patience;
      this.minLearningRate = minLr;
      return this;
    }

    /**
     * Stop after {@code patience} fine-tuning epochs without a better validation error (0 = never,
     * the default). The warm-up always runs to its end.
     */
    public Builder earlyStopping(int patience) {
      checkArgument(patience >= 0, "negative patience");
      this.earlyStoppingPatience = patience;
      return this;
    }

    /** Seed of weights, shuffling and augmentation (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Threads decoding and augmenting pictures (default: half the cores). */
    public Builder loaderThreads(int value) {
      checkArgument(value >= 1, "need at least one loader thread");
      this.loaderThreads = value;
      return this;
    }

    /** PyTorch intra-op threads (default 0: the engine's choice). */
    public Builder computeThreads(int value) {
      checkArgument(value >= 0, "negative thread count");
      this.computeThreads = value;
      return this;
    }

    /**
     * Where the network trains and, once trained, predicts (default {@link Device#cpu()}). {@code
     * Device.gpu(0)} needs PyTorch natives built for CUDA ({@code pytorch-native-cu121}, see the
     * README); this is DJL's own device API, exercised here only on the CPU.
     */
    public Builder device(Device value) {
      this.device = checkNotNull(value);
      return this;
    }

    /**
     * The training steps' number format (default {@link Precision#FP32}). {@link Precision#BF16}
     * computes in bfloat16 with float32 weights and Adam state, like {@code torch.autocast("cpu",
     * dtype=torch.bfloat16)}; training refuses it, before any work, on a CPU without AVX512-BF16 or
     * AMX-BF16. Predictions run in float32 either way.
     */
    public Builder precision(Precision value) {
      this.precision = checkNotNull(value);
      return this;
    }

    /**
     * Stop training when more than this share of the pictures that exist fail to decode in an epoch
     * (default 0.05). Missing pictures (dead URLs) do not count; an epoch in which no picture at
     * all could be read always stops training.
     */
    public Builder maxUnreadableShare(double value) {
      checkArgument(value >= 0 && value <= 1, "unreadable share %s out of [0, 1]", value);
      this.maxUnreadableShare = value;
      return this;
    }

    /**
     * The folder of {@code <imageId>.jpg} pictures for {@link Classifier#train(ImatDataset,
     * ImatDataset)}.
     */
    public Builder pictures(Path dir) {
      this.pictures = checkNotNull(dir);
      return this;
    }

    /** Write a checkpoint after every epoch into {@code dir}. */
    public Builder checkpoints(Path dir) {
      this.checkpoints = checkNotNull(dir);
      return this;
    }

    /** Continue from the checkpoint in {@link #checkpoints} if there is one. */
    public Builder resume(boolean value) {
      this.resume = value;
      return this;
    }

    /** Where epoch progress goes (default: nowhere). */
    public Builder progress(ProgressListener value) {
      this.progress = checkNotNull(value);
      return this;
    }

    /**
     * Builds the classifier, resolving the defaults that depend on each other: the starting
     * weights, the warm-up length and the fine-tuning learning rate.
     *
     * @throws IllegalArgumentException if the options do not fit together
     * @throws IllegalStateException if {@link #imagenet()} was asked for a backbone without a Keras
     *     ImageNet file
     */
    public Classifier build() {
      Optional<PretrainedWeights> weights = startingWeights();
      boolean fromPretrained = weights.isPresent();
      int warmup =
          warmupEpochs != null
              ? warmupEpochs
              : fromPretrained ? Math.min(DEFAULT_WARMUP_EPOCHS, epochs - 1) : 0;
      double lr =
          learningRate != null
              ? learningRate
              : fromPretrained ? DEFAULT_FINE_TUNING_LEARNING_RATE : DEFAULT_SCRATCH_LEARNING_RATE;
      TrainingConfig config =
          TrainingConfig.builder()
              .backbone(backbone)
              .head(head)
              .imageSize(imageSize > 0 ? imageSize : backbone.defaultImageSize())
              .augmenter(Optional.ofNullable(augmenter))
              .batchSize(batchSize)
              .epochs(epochs)
              .warmupEpochs(warmup)
              .warmupLearningRate(warmupLearningRate)
              .learningRate(lr)
              .unfreeze(unfreeze)
              .plateauFactor(plateauFactor)
              .plateauPatience(plateauPatience)
              .minLearningRate(minLearningRate)
              .earlyStoppingPatience(earlyStoppingPatience)
              .seed(seed)
              .loaderThreads(loaderThreads)
              .computeThreads(computeThreads)
              .device(device)
              .precision(precision)
              .pretrained(weights)
              .maxUnreadableShare(maxUnreadableShare)
              .build();
      return new Classifier(config, this);
    }

    /** Builds the classifier and trains it: {@code build().train(train, validation)}. */
    public TrainedModel train(ImatDataset train, ImatDataset validation) throws IOException {
      return build().train(train, validation);
    }

    /** Builds the classifier and trains it: {@code build().train(train, validation)}. */
    public TrainedModel train(PictureSet train, PictureSet validation) throws IOException {
      return build().train(train, validation);
    }

    private Optional<PretrainedWeights> startingWeights() {
      Optional<PretrainedWeights> imagenet = ImagenetDefaults.weightsFor(backbone);
      return switch (start) {
        case DEFAULT -> imagenet;
        case IMAGENET -> {
          checkState(
              imagenet.isPresent(),
              "backbone %s has no Keras ImageNet weights; use randomInit() or pretrained(...)",
              backbone);
          yield imagenet;
        }
        case RANDOM -> Optional.empty();
        case GIVEN -> Optional.of(pretrained);
      };
    }
  }
}
