package io.imat.models.train;

/**
 * Training stopped because going on would produce a useless model: the pictures cannot be read
 * ({@link UnreadablePicturesException}) or the loss is no longer a number ({@link
 * TrainingDivergedException}). The message says what happened and what to do; the last good
 * checkpoint, if any, is kept.
 */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a complete, user-facing message. */
  public TrainingException(String message) {
    super(message);
  }
}
