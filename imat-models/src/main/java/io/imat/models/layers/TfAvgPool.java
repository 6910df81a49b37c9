package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * TensorFlow's {@code AveragePooling2D(k, strides=1, padding='same')}: the mean of the
 * <em>real</em> cells under each {@code k×k} window (fewer at the borders), as Inception v3's
 * branch pooling needs. DJL 0.28's PyTorch average pooling always counts the zero padding (its
 * {@code countIncludePad=false} has no effect, checked against TensorFlow's kernel), so the padded
 * average is divided by the padded average of a map of ones: the fraction of real cells per window.
 */
public final class TfAvgPool extends AbstractBlock {
  private static final byte VERSION = 1;
  private final int kernel;

  private TfAvgPool(int kernel) {
    super(VERSION);
    this.kernel = kernel;
  }

  /** 'same' average pooling over odd {@code kernel}×{@code kernel} windows with stride 1. */
  public static TfAvgPool same(int kernel) {
    checkArgument(kernel >= 1 && kernel % 2 == 1, "kernel must be odd, got %s", kernel);
    return new TfAvgPool(kernel);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape k = new Shape(kernel, kernel);
    Shape one = new Shape(1, 1);
    Shape pad = new Shape(kernel / 2, kernel / 2);
    NDArray padded = Pool.avgPool2d(x, k, one, pad, false, true);
    Shape s = x.getShape();
    MixedPrecision mixed = MixedPrecision.of(params);
    NDArray ones;
    if (mixed == null) {
      ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType());
    } else {
      // A mixed pass never asks an activation its type (see MixedPrecision).
      ones = mixed.toBfloat16(x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3))));
    }
    NDArray realFraction = Pool.avgPool2d(ones, k, one, pad, false, true);
    return new NDList(padded.div(realFraction));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public String toString() {
    return "TfAvgPool{same " + kernel + "x" + kernel + "}";
  }
}
