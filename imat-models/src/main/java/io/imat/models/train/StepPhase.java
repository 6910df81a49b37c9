package io.imat.models.train;

/**
 * The parts of one training step, in the order {@link TrainingRun#step} runs them; a {@link
 * StepObserver} hears the end of each, which is how {@code imat bench train --profile} splits a
 * step's time.
 */
public enum StepPhase {
  /** Copying the batch's pictures, targets and masks into native arrays. */
  INPUT,
  /** The network's forward pass to the logits. */
  FORWARD,
  /** The head's loss. */
  LOSS,
  /** Back-propagation into the gradients. */
  BACKWARD,
  /** The optimizer's update of every trainable weight (and the gradients' reset). */
  OPTIMIZER
}
