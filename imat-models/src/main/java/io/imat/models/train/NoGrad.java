package io.imat.models.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which PyTorch records no autograd history, restoring the previous mode on close. DJL
 * leaves PyTorch's grad mode on outside a {@code GradientCollector}, so inference and optimizer
 * updates must switch it off themselves: recording the history makes a forward pass 2-3x slower and
 * in-place updates of trainable tensors illegal. Thread-local, like the mode.
 */
public final class NoGrad implements AutoCloseable {
  private final boolean previous;

  private NoGrad() {
    this.previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  /** Switches autograd recording off until {@link #close()}. */
  public static NoGrad enter() {
    return new NoGrad();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
