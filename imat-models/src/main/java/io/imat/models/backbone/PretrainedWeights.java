package io.imat.models.backbone;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;

/**
 * Weights to start fine-tuning from, written into an initialised backbone block before training
 * (for example Keras ImageNet weights). Implementations must fail with a clear error naming the
 * layer when a tensor does not fit.
 */
@FunctionalInterface
public interface PretrainedWeights {
  /** Copies the weights into {@code backbone}, whose arrays live in {@code manager}. */
  void loadInto(Block backbone, NDManager manager) throws IOException;
}
