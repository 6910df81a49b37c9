package io.imat.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which PyTorch records autograd history on this thread, and the backward pass. It
 * replaces DJL's {@code PtGradientCollector}, which allows one collector per JVM (a static flag:
 * "Only one can be collecting at a time") and so forbids two trainings on two threads, although
 * PyTorch's grad mode and its CPU backward pass are per thread.
 */
final class Recording implements AutoCloseable {
  private final boolean previous;

  private Recording() {
    this.previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Starts recording on this thread. */
  static Recording start() {
    return new Recording();
  }

  /** Back-propagates from the scalar {@code loss} into the gradients of the leaves. */
  void backward(NDArray loss) {
    try (NDArray ones = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
    }
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
