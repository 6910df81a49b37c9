package io.imat.models;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.progress.ProgressListener;
import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.Checkpoint;
import io.imat.models.train.TrainingConfig;
import io.imat.models.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fine-tunes an image network on iMaterialist data, the way the seed team did: a backbone with a
 * dropout + dense head, a few head-only warm-up epochs with the backbone frozen, then all layers
 * with Adam and the learning rate cut on validation-loss plateaus; the epoch with the lowest
 * validation top-1 error is kept.
 *
 * <pre>{@code
 * Classifier clf = Classifier.builder()
 *     .backbone(Backbone.RESNET50).head(Head.sigmoid()).imageSize(224)
 *     .augmenter(Augmenters.seedPipeline()).warmupEpochs(2).epochs(20)
 *     .adam(1e-3).reduceLrOnPlateau(0.1, 2)
 *     .pictures(Path.of("images"))
 *     .build();
 * try (TrainedModel model = clf.train(train, validation)) {
 *   Predictions p = model.predict(PictureSet.of(test, Path.of("images")));
 *   model.save(Path.of("model"));
 * }
 * }</pre>
 *
 * Training runs on DJL's PyTorch engine. Immutable; {@link #train} may be called many times (for
 * example once per cross-validation fold).
 */
public final class Classifier {
  private final TrainingConfig config;
  private final Path pictures;
  private final Path checkpoints;
  private final boolean resume;
  private final ProgressListener progress;

  private Classifier(Builder b) {
    int size = b.imageSize > 0 ? b.imageSize : b.backbone.defaultImageSize();
    this.config =
        new TrainingConfig(
            b.backbone,
            b.head,
            size,
            b.augmenter,
            b.batchSize,
            b.epochs,
            b.warmupEpochs,
            b.learningRate,
            b.plateauFactor,
            b.plateauPatience,
            b.minLearningRate,
            b.earlyStoppingPatience,
            b.seed,
            b.loaderThreads,
            b.computeThreads,
            b.pretrained);
    this.pictures = b.pictures;
    this.checkpoints = b.checkpoints;
    this.resume = b.resume;
    this.progress = b.progress;
  }

  /** A builder with the seed team's defaults (ResNet-50, sigmoid head, seed augmentation). */
  public static Builder builder() {
    return new Builder();
  }

  /** Loads a model saved by {@link TrainedModel#save}. */
  public static TrainedModel load(Path dir) throws IOException {
    return TrainedModel.load(dir);
  }

  /** The training configuration. */
  public TrainingConfig config() {
    return config;
  }

  /**
   * Trains on {@code train}, choosing the epoch by {@code validation} (may be null: then the last
   * epoch is kept). Pictures are read from {@link Builder#pictures}.
   */
  public TrainedModel train(ImatDataset train, ImatDataset validation) throws IOException {
    checkState(pictures != null, "set pictures(dir) or pass PictureSets");
    return train(
        PictureSet.of(train, pictures),
        validation == null ? null : PictureSet.of(validation, pictures));
  }

  /** Trains on {@code train}, choosing the epoch by {@code validation} (may be null). */
  public TrainedModel train(PictureSet train, PictureSet validation) throws IOException {
    return train(train, validation, checkpoints);
  }

  /** Trains with checkpoints in {@code checkpointDir} (null for none). */
  public TrainedModel train(PictureSet train, PictureSet validation, Path checkpointDir)
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
        train.dataset().taxonomy(),
        r.priors(),
        r.history(),
        config.toJson(),
        config.loaderThreads());
  }

  /** Options of a classifier. */
  public static final class Builder {
    private Backbone backbone = Backbone.RESNET50;
    private Head head = Head.sigmoid();
    private int imageSize;
    private Augmenter augmenter = Augmenters.seedPipeline();
    private int batchSize = 16;
    private int epochs = 10;
    private int warmupEpochs = 0;
    private double learningRate = 1e-3;
    private double plateauFactor = 0.1;
    private int plateauPatience = 2;
    private double minLearningRate = 1e-6;
    private int earlyStoppingPatience = 0;
    private long seed = 42;
    private int loaderThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private int computeThreads = 0;
    private Path pictures;
    private Path checkpoints;
    private boolean resume;
    private ProgressListener progress = ProgressListener.none();
    private PretrainedWeights pretrained;

    private Builder() {}

    /** Start from these backbone weights instead of a random initialisation. */
    public Builder pretrained(PretrainedWeights value) {
      this.pretrained = value;
      return this;
    }

    /** The backbone (default {@link Backbone#RESNET50}). */
    public Builder backbone(Backbone value) {
      this.backbone = value;
      return this;
    }

    /** The head (default {@link Head#sigmoid()}). */
    public Builder head(Head value) {
      this.head = value;
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
      this.augmenter = value;
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

    /** Head-only epochs with the backbone frozen, first (default 0). */
    public Builder warmupEpochs(int value) {
      checkArgument(value >= 0, "negative warm-up");
      this.warmupEpochs = value;
      return this;
    }

    /** Adam with this initial learning rate (default 1e-3). */
    public Builder adam(double lr) {
      checkArgument(lr > 0 && Double.isFinite(lr), "bad learning rate %s", lr);
      this.learningRate = lr;
      return this;
    }

    /**
     * Cut the learning rate by {@code factor} after {@code patience} epochs without a better
     * validation loss.
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

    /** Stop after {@code patience} epochs without a better validation error (0 = never). */
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
     * The folder of {@code <imageId>.jpg} pictures for {@link Classifier#train(ImatDataset,
     * ImatDataset)}.
     */
    public Builder pictures(Path dir) {
      this.pictures = dir;
      return this;
    }

    /** Write a checkpoint after every epoch into {@code dir}. */
    public Builder checkpoints(Path dir) {
      this.checkpoints = dir;
      return this;
    }

    /** Continue from the checkpoint in {@link #checkpoints} if there is one. */
    public Builder resume(boolean value) {
      this.resume = value;
      return this;
    }

    /** Where epoch progress goes (default: nowhere). */
    public Builder progress(ProgressListener value) {
      this.progress = value;
      return this;
    }

    /** Builds the classifier. */
    public Classifier build() {
      checkArgument(
          warmupEpochs <= epochs, "warm-up (%s) longer than training (%s)", warmupEpochs, epochs);
      return new Classifier(this);
    }
  }
}
