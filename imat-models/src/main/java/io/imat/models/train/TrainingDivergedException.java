package io.imat.models.train;

/**
 * The training loss became NaN or infinite (Keras' {@code TerminateOnNaN}): training stops at once,
 * before the broken weights reach a checkpoint, so the last checkpoint is the last good epoch. The
 * numbers broke, not a file: an unchecked {@link ArithmeticException}, whose message says what to
 * do.
 */
public final class TrainingDivergedException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;

  /** The loss of {@code batch} (1-based) in {@code epoch} was not finite. */
  public TrainingDivergedException(String message, int epoch, int batch) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch (1-based) in which the loss diverged. */
  public int epoch() {
    return epoch;
  }

  /** The batch (1-based, within the epoch) whose loss was not finite. */
  public int batch() {
    return batch;
  }
}
