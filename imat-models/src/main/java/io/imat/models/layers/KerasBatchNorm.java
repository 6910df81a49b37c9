package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Batch normalisation over the channel axis of an {@code (N, C, …)} tensor with Keras' options:
 * {@code scale=False} drops gamma and {@code center=False} drops beta <em>as tensors</em>, so the
 * parameter count and the weight file match Keras (DJL's {@link BatchNorm} always allocates gamma).
 * Parameters: {@code gamma} (if scaled), {@code beta} (if centred), {@code runningMean}, {@code
 * runningVar} — the DJL names, so code that recognises moving statistics by {@link Parameter.Type}
 * treats both alike.
 */
public final class KerasBatchNorm extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final byte DJL_BATCH_NORM_VERSION = 2;

  private final boolean scale;
  private final boolean center;
  private final float epsilon;
  private final float momentum;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;

  private KerasBatchNorm(Builder b) {
    super(VERSION);
    this.scale = b.scale;
    this.center = b.center;
    this.epsilon = b.epsilon;
    this.momentum = b.momentum;
    this.gamma =
        scale
            ? addParameter(
                Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build())
            : null;
    this.beta =
        center
            ? addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build())
            : null;
    this.runningMean =
        addParameter(
            Parameter.builder()
                .setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false)
                .build());
    this.runningVar =
        addParameter(
            Parameter.builder()
                .setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false)
                .build());
  }

  /** A builder with Keras' defaults: scale and center on, epsilon 1e-3, momentum 0.99. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the layer has gamma. */
  public boolean hasScale() {
    return scale;
  }

  /** Whether the layer has beta. */
  public boolean hasCenter() {
    return center;
  }

  /** The epsilon added to the variance. */
  public float epsilon() {
    return epsilon;
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    Shape channels = new Shape(inputShapes[0].get(1));
    for (Parameter p : parameters.values()) {
      p.setShape(channels);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    var device = x.getDevice();
    NDArray mean = store.getValue(runningMean, device, training);
    NDArray var = store.getValue(runningVar, device, training);
    long c = x.getShape().get(1);
    // The engines' batch norm wants both affine tensors; a missing one is the identity constant,
    // created per call (C floats) rather than stored, so it is never saved nor counted.
    NDArray g =
        gamma != null ? store.getValue(gamma, device, training) : x.getManager().ones(new Shape(c));
    NDArray b =
        beta != null ? store.getValue(beta, device, training) : x.getManager().zeros(new Shape(c));
    if (x instanceof PtNDArray px) {
      // Straight to PyTorch's batch_norm: DJL's wrapper swaps axis 1 with itself around the call,
      // so its output is a view, and the residual sum formed in place on it then makes autograd
      // clone every such gradient in the backward pass (13 % of a ResNet-50 step here).
      PtNDManager m = px.getManager();
      return new NDList(
          JniUtils.batchNorm(
              px,
              m.from(mean),
              m.from(var),
              m.from(g),
              m.from(b),
              training,
              1.0 - momentum,
              epsilon));
    }
    return BatchNorm.batchNorm(x, mean, var, g, b, 1, momentum, epsilon, training);
  }

  /**
   * Reads this layer's own files (version 1) and those of DJL's {@link BatchNorm} (version 2: input
   * shapes, then the channel count), which imat's ResNets used in earlier model files and
   * checkpoints: its parameters are the same four tensors in the same order.
   */
  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is)
      throws IOException, MalformedModelException {
    if (loadVersion == VERSION) {
      readInputShapes(is);
    } else if (loadVersion == DJL_BATCH_NORM_VERSION && scale && center) {
      readInputShapes(is);
      is.readLong();
    } else {
      throw new MalformedModelException(
          "unsupported batch-norm encoding version " + loadVersion + " for " + this);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public String toString() {
    return String.format(
        "KerasBatchNorm{eps=%s, momentum=%s, scale=%s, center=%s}",
        epsilon, momentum, scale, center);
  }

  /** Options of a {@link KerasBatchNorm}. */
  public static final class Builder {
    private boolean scale = true;
    private boolean center = true;
    private float epsilon = 1e-3f;
    private float momentum = 0.99f;

    private Builder() {}

    /** Keras {@code scale}: whether the layer multiplies by a learned gamma (default true). */
    public Builder scale(boolean value) {
      this.scale = value;
      return this;
    }

    /** Keras {@code center}: whether the layer adds a learned beta (default true). */
    public Builder center(boolean value) {
      this.center = value;
      return this;
    }

    /** Keras {@code epsilon} (default 1e-3). */
    public Builder epsilon(float value) {
      checkArgument(value > 0, "epsilon must be positive");
      this.epsilon = value;
      return this;
    }

    /**
     * Keras {@code momentum} of the moving statistics: {@code moving = m·moving + (1 − m)·batch}
     * (default 0.99).
     */
    public Builder momentum(float value) {
      checkArgument(value >= 0 && value < 1, "momentum must be in [0, 1)");
      this.momentum = value;
      return this;
    }

    /** Builds the layer. */
    public KerasBatchNorm build() {
      return new KerasBatchNorm(this);
    }
  }
}
