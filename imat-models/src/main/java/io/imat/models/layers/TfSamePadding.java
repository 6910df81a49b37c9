package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jspecify.annotations.Nullable;

/**
 * Pads the two spatial axes of an {@code (N, C, H, W)} tensor the way TensorFlow's {@code
 * padding='same'} does before a convolution or pooling window of size {@code kernel} and step
 * {@code stride}: the output has {@code ceil(n / stride)} positions, and when the total padding is
 * odd the extra row/column goes at the bottom/right. PyTorch can only pad symmetrically, so a
 * stride-2 'same' layer is this block followed by the same layer with 'valid' padding. The fill
 * value is 0 before a convolution and −∞ before max pooling (TF ignores padded cells there).
 */
public final class TfSamePadding extends AbstractBlock {
  private static final byte VERSION = 1;
  private final int kernel;
  private final int stride;
  private final float value;

  private TfSamePadding(int kernel, int stride, float value) {
    super(VERSION);
    this.kernel = kernel;
    this.stride = stride;
    this.value = value;
  }

  /** Zero padding for a {@code kernel}×{@code kernel} convolution with step {@code stride}. */
  public static TfSamePadding forConv(int kernel, int stride) {
    return of(kernel, stride, 0f);
  }

  /** −∞ padding for a {@code kernel}×{@code kernel} max pooling with step {@code stride}. */
  public static TfSamePadding forMaxPool(int kernel, int stride) {
    return of(kernel, stride, Float.NEGATIVE_INFINITY);
  }

  /** Padding filled with {@code value}. */
  public static TfSamePadding of(int kernel, int stride, float value) {
    checkArgument(kernel >= 1 && stride >= 1, "kernel and stride must be positive");
    return new TfSamePadding(kernel, stride, value);
  }

  /**
   * TensorFlow's 'same' padding of one axis of length {@code size}: {@code {before, after}}, with
   * {@code after − before} 0 or 1.
   */
  public static int[] amounts(int size, int kernel, int stride) {
    int out = (size + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + kernel - size, 0);
    return new int[] {total / 2, total - total / 2};
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    MixedPrecision mixed = MixedPrecision.of(params);
    x = padAxis(x, 2, mixed);
    x = padAxis(x, 3, mixed);
    return new NDList(x);
  }

  private NDArray padAxis(NDArray x, int axis, @Nullable MixedPrecision mixed) {
    Shape s = x.getShape();
    int[] pad = amounts((int) s.get(axis), kernel, stride);
    if (pad[0] == 0 && pad[1] == 0) {
      return x;
    }
    // No pad op in DJL 0.28's NDArray: concatenate constant slabs instead.
    NDList parts = new NDList(3);
    if (pad[0] > 0) {
      parts.add(constant(x, slab(s, axis, pad[0]), mixed));
    }
    parts.add(x);
    if (pad[1] > 0) {
      parts.add(constant(x, slab(s, axis, pad[1]), mixed));
    }
    return NDArrays.concat(parts, axis);
  }

  // A mixed pass never asks an activation its type (see MixedPrecision): its slabs are bfloat16,
  // which the concatenation promotes to float32 where the input is still float32.
  private NDArray constant(NDArray x, Shape shape, @Nullable MixedPrecision mixed) {
    if (mixed == null) {
      return x.getManager().full(shape, value, x.getDataType());
    }
    return mixed.toBfloat16(x.getManager().full(shape, value));
  }

  private static Shape slab(Shape s, int axis, int size) {
    long[] dims = s.getShape().clone(); // Shape.getShape() is its own array
    dims[axis] = size;
    return new Shape(dims);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long[] dims = inputShapes[0].getShape().clone();
    for (int axis = 2; axis <= 3; axis++) {
      int[] pad = amounts((int) dims[axis], kernel, stride);
      dims[axis] += pad[0] + pad[1];
    }
    return new Shape[] {new Shape(dims)};
  }

  @Override
  public String toString() {
    return "TfSamePadding{kernel=" + kernel + ", stride=" + stride + ", value=" + value + "}";
  }
}
