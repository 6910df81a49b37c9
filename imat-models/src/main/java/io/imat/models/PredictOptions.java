package io.imat.models;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import io.imat.api.progress.ProgressListener;

/**
 * How {@link TrainedModel#predict(io.imat.models.data.PictureSet, PredictOptions)} runs: with or
 * without test-time augmentation (the mean with the mirrored picture), how many pictures per
 * forward pass, and where progress goes. Immutable.
 *
 * <pre>{@code
 * Predictions p = model.predict(test, PredictOptions.builder().tta(true).batchSize(32).build());
 * }</pre>
 */
@AutoValue
public abstract class PredictOptions {
  /** The default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  PredictOptions() {}

  /** No test-time augmentation, batches of {@value #DEFAULT_BATCH_SIZE}, no progress. */
  public static PredictOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new AutoValue_PredictOptions.Builder()
        .tta(false)
        .batchSize(DEFAULT_BATCH_SIZE)
        .progress(ProgressListener.none());
  }

  /** Whether each row is the mean of the picture's and its mirror image's probabilities. */
  public abstract boolean tta();

  /** Pictures per forward pass. */
  public abstract int batchSize();

  /** Where progress goes. */
  public abstract ProgressListener progress();

  /** A builder holding these options. */
  public abstract Builder toBuilder();

  /** Builds {@link PredictOptions}. */
  @AutoValue.Builder
  public abstract static class Builder {
    Builder() {}

    /** Test-time augmentation with the mirrored picture (default off). */
    public abstract Builder tta(boolean value);

    /** Pictures per forward pass (default {@value PredictOptions#DEFAULT_BATCH_SIZE}). */
    public abstract Builder batchSize(int value);

    /** Where progress goes (default nowhere). */
    public abstract Builder progress(ProgressListener value);

    abstract PredictOptions autoBuild();

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if the batch size is not positive
     */
    public PredictOptions build() {
      PredictOptions o = autoBuild();
      checkArgument(o.batchSize() >= 1, "batch size must be positive, got %s", o.batchSize());
      return o;
    }
  }
}
