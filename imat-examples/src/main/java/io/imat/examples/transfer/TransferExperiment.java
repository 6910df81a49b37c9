package io.imat.examples.transfer;

import static com.google.common.base.Preconditions.checkArgument;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Apparel;
import io.imat.augment.image.Preprocessing;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.ResNet;
import io.imat.models.data.PictureSet;
import io.imat.models.keras.KerasWeightsWriter;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Does starting from pretrained weights help, the way ImageNet weights helped the seed team? A
 * small network is pre-trained on a <em>related</em> task — the shoes and dresses of one synthetic
 * dataset — and exported in Keras' {@code save_weights} layout; then the pants and outerwear of
 * another synthetic dataset (other pictures, other tasks, few training images) are learnt twice
 * with the same budget: from random weights, and from the exported file with the seed's two-phase
 * recipe (head-only warm-up, then fine-tuning at a lower learning rate).
 *
 * <pre>{@code
 * TransferExperiment.Result r = TransferExperiment.builder().seed(1).build().run(workDir);
 * System.out.printf("scratch %.4f, pretrained %.4f%n", r.scratchError(), r.pretrainedError());
 * }</pre>
 */
public final class TransferExperiment {
  private static final Set<Apparel> SOURCE = Set.of(Apparel.SHOE, Apparel.DRESS);
  private static final Set<Apparel> TARGET = Set.of(Apparel.PANTS, Apparel.OUTERWEAR);

  private final int sourceImages;
  private final int targetImages;
  private final int targetTrain;
  private final int sourceEpochs;
  private final int epochs;
  private final int width;
  private final int threads;
  private final int batchSize;
  private final double warmupLearningRate;
  private final double learningRate;
  private final double scratchLearningRate;
  private final long seed;

  private TransferExperiment(Builder b) {
    this.batchSize = b.batchSize;
    this.warmupLearningRate = b.warmupLearningRate;
    this.learningRate = b.learningRate;
    this.scratchLearningRate = b.scratchLearningRate;
    this.sourceImages = b.sourceImages;
    this.targetImages = b.targetImages;
    this.targetTrain = b.targetTrain;
    this.sourceEpochs = b.sourceEpochs;
    this.epochs = b.epochs;
    this.width = b.width;
    this.threads = b.threads;
    this.seed = b.seed;
  }

  /**
   * A builder with the settings the README reports (about 20 s on 2 cores): 1,000 source pictures
   * and 12 epochs of pre-training; 64 target training pictures, 8 epochs of batch 8 both ways.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The outcome: top-1 errors on the target's validation pairs.
   *
   * @param priorError answering every pair with the training prior (the floor to beat)
   * @param scratchError the model trained from random weights
   * @param pretrainedError the model fine-tuned from the pre-trained file
   * @param targetTrainImages target training pictures both models saw
   * @param validationPairs annotated (image, task) pairs scored
   * @param seconds wall time of the whole experiment
   */
  public record Result(
      double priorError,
      double scratchError,
      double pretrainedError,
      int targetTrainImages,
      int validationPairs,
      double seconds) {}

  /** Runs the experiment in {@code work} (synthetic data, the weights file, nothing else). */
  public Result run(Path work) throws IOException {
    long t0 = System.nanoTime();
    Backbone net = backbone(width);
    SyntheticDataset source = synth(work.resolve("source"), sourceImages, seed * 2 + 1);
    SyntheticDataset target = synth(work.resolve("target"), targetImages, seed * 2 + 2);
    Path sourcePictures = work.resolve("source").resolve(SyntheticDataset.IMAGES_DIR);
    Path targetPictures = work.resolve("target").resolve(SyntheticDataset.IMAGES_DIR);

    // 1. The related task, from random weights; its backbone becomes a Keras weights file.
    ImatDataset sourceTrain = only(source.train(), SOURCE, Integer.MAX_VALUE);
    Path weights = work.resolve("pretrained_notop.h5");
    try (TrainedModel m =
        base(net)
            .randomInit()
            .epochs(sourceEpochs)
            .adam(3e-3)
            .train(PictureSet.of(sourceTrain, sourcePictures), null)) {
      KerasWeightsWriter.write(m.network().backbone(), weights);
    }

    // 2. The target task, few images, same budget both ways.
    ImatDataset train = only(target.train(), TARGET, targetTrain);
    ImatDataset validation = only(target.validation(), TARGET, Integer.MAX_VALUE);
    PictureSet trainPics = PictureSet.of(train, targetPictures);
    PictureSet validPics = PictureSet.of(validation, targetPictures);
    double prior =
        TopOneError.of(validation)
            .score(Predictions.priorsOnly(TaskPriors.fromDataset(train.withCompleteTaxonomy())))
            .score();
    double scratch;
    Classifier.Builder fromScratch = base(net).randomInit().epochs(epochs);
    if (scratchLearningRate > 0) {
      fromScratch.adam(scratchLearningRate);
    }
    try (TrainedModel m = fromScratch.train(trainPics, validPics)) {
      scratch = m.history().best().orElseThrow().validationError();
    }
    double pretrained;
    Classifier.Builder fromFile = base(net).pretrained(weights).epochs(epochs);
    if (warmupLearningRate > 0) {
      fromFile.warmupLearningRate(warmupLearningRate);
    }
    if (learningRate > 0) {
      fromFile.adam(learningRate);
    }
    try (TrainedModel m = fromFile.train(trainPics, validPics)) {
      pretrained = m.history().best().orElseThrow().validationError();
    }
    return new Result(
        prior,
        scratch,
        pretrained,
        trainPics.available(),
        validation.pairCount(),
        (System.nanoTime() - t0) / 1e9);
  }

  /** The network: a basic ResNet with three stages, {@code width} channels wide at the stem. */
  static Backbone backbone(int width) {
    ResNet r = ResNet.builder().bottleneck(false).units(1, 1, 1).width(width).build();
    return Backbone.of("transfer_resnet", 32, r.featureSize(), Preprocessing.tf(), r::newBlock)
        .withBlocks(l -> l.matches("conv\\d+_block\\d+") ? Optional.of(l) : Optional.empty());
  }

  private Classifier.Builder base(Backbone net) {
    return Classifier.builder()
        .backbone(net)
        .imageSize(32)
        .batchSize(batchSize)
        .noAugmentation()
        .computeThreads(threads)
        .loaderThreads(1)
        .seed(seed);
  }

  private static SyntheticDataset synth(Path dir, int images, long seed) throws IOException {
    SyntheticDataset s =
        SyntheticDataset.builder().images(images).imageSize(40).seed(seed).deadFraction(0).build();
    s.write(dir);
    return s;
  }

  // The first `limit` images of `data` whose apparel is one of `apparels`.
  private static ImatDataset only(ImatDataset data, Set<Apparel> apparels, int limit) {
    int[] keep =
        IntStream.range(0, data.size())
            .filter(i -> data.apparel(i).map(apparels::contains).orElse(false))
            .limit(limit)
            .toArray();
    checkArgument(keep.length > 0, "no image of %s", apparels);
    return data.subset(keep);
  }

  /** Options of the experiment. */
  public static final class Builder {
    private int sourceImages = 1000;
    private int targetImages = 600;
    private int targetTrain = 64;
    private int sourceEpochs = 12;
    private int epochs = 8;
    private int width = 16;
    private int threads = 1;
    private int batchSize = 8;
    // About 8 steps an epoch, where a real epoch has thousands: both starts use rates ten times
    // the classifier's defaults, the best of 3e-3, 1e-2 and 3e-2 for the random start (README).
    private double warmupLearningRate = 1e-2;
    private double learningRate = 1e-3;
    private double scratchLearningRate = 1e-2;
    private long seed = 1;

    private Builder() {}

    /** Synthetic images drawn for the related task (default 1,000; about a third are used). */
    public Builder sourceImages(int value) {
      checkArgument(value >= 20, "need at least 20 source images");
      this.sourceImages = value;
      return this;
    }

    /** Synthetic images drawn for the target task (default 600). */
    public Builder targetImages(int value) {
      checkArgument(value >= 20, "need at least 20 target images");
      this.targetImages = value;
      return this;
    }

    /** Target training images both models learn from (default 64). */
    public Builder targetTrain(int value) {
      checkArgument(value >= 4, "need at least 4 target training images");
      this.targetTrain = value;
      return this;
    }

    /** Epochs of pre-training on the related task (default 12). */
    public Builder sourceEpochs(int value) {
      checkArgument(value >= 1, "need at least one epoch");
      this.sourceEpochs = value;
      return this;
    }

    /** Epochs on the target, the same budget for both starts (default 8). */
    public Builder epochs(int value) {
      checkArgument(value >= 2, "need at least two epochs (warm-up and fine-tuning)");
      this.epochs = value;
      return this;
    }

    /** Channels of the network's stem (default 16). */
    public Builder width(int value) {
      checkArgument(value >= 4, "width too small");
      this.width = value;
      return this;
    }

    /** PyTorch threads (default 1). */
    public Builder threads(int value) {
      checkArgument(value >= 1, "need at least one thread");
      this.threads = value;
      return this;
    }

    /** Pictures per step, everywhere (default 8). */
    public Builder batchSize(int value) {
      checkArgument(value >= 1, "batch size must be positive");
      this.batchSize = value;
      return this;
    }

    /**
     * The warm-up and fine-tuning learning rates of the pretrained start (default 1e-2 and 1e-3; 0
     * takes the classifier's defaults, 1e-3 and 1e-4, made for thousands of steps an epoch).
     */
    public Builder pretrainedLearningRates(double warmup, double fineTuning) {
      checkArgument(warmup >= 0 && fineTuning >= 0, "negative learning rate");
      this.warmupLearningRate = warmup;
      this.learningRate = fineTuning;
      return this;
    }

    /**
     * The learning rate from random weights (default: the classifier's, 1e-3; 0 keeps the default).
     */
    public Builder scratchLearningRate(double value) {
      checkArgument(value >= 0, "negative learning rate");
      this.scratchLearningRate = value;
      return this;
    }

    /** Seed of the data, the weights and the training (default 1). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Builds the experiment. */
    public TransferExperiment build() {
      return new TransferExperiment(this);
    }
  }
}
