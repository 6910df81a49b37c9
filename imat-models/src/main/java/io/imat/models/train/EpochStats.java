package io.imat.models.train;

import com.google.auto.value.AutoValue;

/** What one epoch did. Losses and errors are NaN when there was no validation data. */
@AutoValue
public abstract class EpochStats {
  EpochStats() {}

  /** Creates a record. */
  public static EpochStats of(
      int epoch,
      boolean warmup,
      double trainLoss,
      double validationLoss,
      double validationError,
      double learningRate,
      double seconds,
      int images,
      int skippedPictures,
      int unreadablePictures) {
    return new AutoValue_EpochStats(
        epoch,
        warmup,
        trainLoss,
        validationLoss,
        validationError,
        learningRate,
        seconds,
        images,
        skippedPictures,
        unreadablePictures);
  }

  /** Epoch number, from 1. */
  public abstract int epoch();

  /** Whether the backbone was frozen (head-only warm-up). */
  public abstract boolean warmup();

  /** The phase: {@code "warmup"} (head only) or {@code "finetune"}. */
  public String phase() {
    return warmup() ? "warmup" : "finetune";
  }

  /** Mean training loss. */
  public abstract double trainLoss();

  /** Mean validation loss. */
  public abstract double validationLoss();

  /** Validation top-1 error (the competition metric). */
  public abstract double validationError();

  /** Learning rate used. */
  public abstract double learningRate();

  /** Wall-clock seconds, validation included. */
  public abstract double seconds();

  /** Training images seen. */
  public abstract int images();

  /** Pictures that were missing or could not be decoded, skipped. */
  public abstract int skippedPictures();

  /** Of the skipped pictures, those whose file exists but could not be decoded. */
  public abstract int unreadablePictures();

  /** Training images per second. */
  public double imagesPerSecond() {
    return seconds() > 0 ? images() / seconds() : 0;
  }

  @Override
  public final String toString() {
    return String.format(
        "epoch %d%s: train loss %.4f, val loss %.4f, val error %.4f, lr %.3g, %.1f s, %d images"
            + "%s",
        epoch(),
        warmup() ? " (warm-up)" : "",
        trainLoss(),
        validationLoss(),
        validationError(),
        learningRate(),
        seconds(),
        images(),
        skippedPictures() > 0 ? ", " + skippedPictures() + " pictures skipped" : "");
  }
}
