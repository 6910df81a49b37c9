package io.imat.models.tensorflow;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import io.imat.models.data.Batch;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole Keras classifier exported as a TensorFlow SavedModel, predicting iMaterialist labels on
 * DJL's TensorFlow engine — e.g. the seed team's fine-tuned Xception with a 381-way sigmoid output:
 *
 * <pre>{@code
 * try (SavedModelClassifier clf = SavedModelClassifier.builder(Path.of("xception_imat"), taxonomy)
 *     .preprocessing(Preprocessing.tf()).priors(TaskPriors.fromDataset(train)).build()) {
 *   Predictions p = clf.predict(PictureSet.of(test, Path.of("images")));
 * }
 * }</pre>
 *
 * The first output of the serving signature must have one value per label: by default in the
 * taxonomy's label order, otherwise as listed by {@link Builder#labelOrder} (label ids). Values are
 * taken as probabilities, or passed through a sigmoid when the model ends in logits ({@link
 * Builder#logits}). Pictures that cannot be read get no row (the priors answer for them). Holds
 * native memory: close it. Not thread-safe.
 */
public final class SavedModelClassifier implements AutoCloseable {
  private final SavedModelRunner runner;
  private final Taxonomy taxonomy;
  private final TaskPriors priors;
  private final int[] labelOfOutput;
  private final boolean logits;
  private final int batchSize;
  private final int threads;

  private SavedModelClassifier(Builder b, SavedModelRunner runner) {
    this.runner = runner;
    this.taxonomy = b.taxonomy;
    this.priors = b.priors != null ? b.priors : TaskPriors.uniform(b.taxonomy);
    this.logits = b.logits;
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    List<String> order =
        b.labelOrder != null ? b.labelOrder : taxonomy.labels().stream().map(Label::id).toList();
    this.labelOfOutput = new int[order.size()];
    for (int j = 0; j < order.size(); j++) {
      String id = order.get(j);
      labelOfOutput[j] =
          taxonomy
              .findLabel(id)
              .orElseThrow(
                  () -> new IllegalArgumentException("label order names unknown label id " + id))
              .index();
    }
  }

  /** A builder for the SavedModel in {@code dir}, predicting labels of {@code taxonomy}. */
  public static Builder builder(Path dir, Taxonomy taxonomy) {
    return new Builder(dir, taxonomy);
  }

  /** The square input side. */
  public int imageSize() {
    return runner.side();
  }

  /** The label probabilities of one picture of {@link #imageSize()} pixels, taxonomy order. */
  public float[] probabilities(Image picture) throws IOException {
    return toTaxonomy(runner.run(List.of(picture))[0]);
  }

  /** Predicts every readable picture of {@code pictures}. */
  public Predictions predict(PictureSet pictures) throws IOException {
    Predictions.Builder out = Predictions.builder(taxonomy, priors);
    try (BatchPipeline batches =
        BatchPipeline.builder(pictures)
            .batchSize(batchSize)
            .side(runner.side())
            .preprocessing(runner.preprocessing())
            .threads(threads)
            .build()) {
      while (batches.hasNext()) {
        Batch b = batches.next();
        if (b.size() == 0) {
          continue;
        }
        float[][] rows = runner.runChw(b.pixels(), b.size());
        for (int r = 0; r < rows.length; r++) {
          out.put(b.imageIds().get(r), toTaxonomy(rows[r]));
        }
      }
    }
    return out.build()
        .withMetadata(Map.of("model", "tensorflow-savedmodel", "imageSize", "" + runner.side()));
  }

  private float[] toTaxonomy(float[] outputs) throws IOException {
    if (outputs.length != labelOfOutput.length) {
      throw new IOException(
          "the model outputs "
              + outputs.length
              + " values per picture, the label order has "
              + labelOfOutput.length);
    }
    float[] row = new float[taxonomy.labelCount()];
    for (int j = 0; j < outputs.length; j++) {
      float v = outputs[j];
      row[labelOfOutput[j]] = logits ? (float) (1 / (1 + Math.exp(-v))) : v;
    }
    return row;
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Options of a {@link SavedModelClassifier}. */
  public static final class Builder {
    private final Path dir;
    private final Taxonomy taxonomy;
    private Preprocessing preprocessing = Preprocessing.tf();
    private int imageSize;
    private List<String> labelOrder;
    private boolean logits;
    private TaskPriors priors;
    private int batchSize = 16;
    private int threads = 1;

    private Builder(Path dir, Taxonomy taxonomy) {
      this.dir = dir;
      this.taxonomy = taxonomy;
    }

    /** How pictures are normalised (default {@link Preprocessing#tf()}). */
    public Builder preprocessing(Preprocessing value) {
      this.preprocessing = requireNonNull(value, "preprocessing");
      return this;
    }

    /** The input side (default: from the model's signature). */
    public Builder imageSize(int value) {
      checkArgument(value >= 1, "image size must be positive");
      this.imageSize = value;
      return this;
    }

    /** The label id of each model output, in output order (default: the taxonomy's order). */
    public Builder labelOrder(List<String> labelIds) {
      this.labelOrder = ImmutableList.copyOf(labelIds);
      return this;
    }

    /** Whether the model outputs logits, to be passed through a sigmoid (default false). */
    public Builder logits(boolean value) {
      this.logits = value;
      return this;
    }

    /** The training priors carried into predictions (default: uniform). */
    public Builder priors(TaskPriors value) {
      this.priors = requireNonNull(value, "priors");
      return this;
    }

    /** Pictures per TensorFlow call (default 16). */
    public Builder batchSize(int value) {
      checkArgument(value >= 1, "batch size must be positive");
      this.batchSize = value;
      return this;
    }

    /** Picture decoding threads (default 1). */
    public Builder threads(int value) {
      checkArgument(value >= 1, "need at least one thread");
      this.threads = value;
      return this;
    }

    /** Loads the model (starting the TensorFlow engine if needed). */
    public SavedModelClassifier build() throws IOException {
      SavedModelRunner r = SavedModelRunner.load(dir, imageSize, preprocessing);
      try {
        return new SavedModelClassifier(this, r);
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    }
  }
}
