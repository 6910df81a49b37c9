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
 * TensorFlow's {@code MaxPooling2D(k, strides=s, padding='same')} in one PyTorch call: TF pads
 * {@code (before, after)} with {@code after − before} 0 or 1 ({@link TfSamePadding#amounts});
 * PyTorch pads {@code before} on both sides and, in ceil mode, adds the last window that overhangs
 * the end — the same windows, padding ignored in both. This avoids {@link TfSamePadding}'s copy of
 * the whole activation (the entry flow of Xception pools 147×147 maps). Needs {@code kernel ≥
 * stride}, so that ceil mode adds no window TF would not have.
 */
public final class TfMaxPool extends AbstractBlock {
  private static final byte VERSION = 1;
  private final int kernel;
  private final int stride;

  private TfMaxPool(int kernel, int stride) {
    super(VERSION);
    this.kernel = kernel;
    this.stride = stride;
  }

  /** 'same' max pooling over {@code kernel}×{@code kernel} windows moved by {@code stride}. */
  public static TfMaxPool same(int kernel, int stride) {
    checkArgument(stride >= 1 && kernel >= stride, "need kernel >= stride >= 1");
    return new TfMaxPool(kernel, stride);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    int top = TfSamePadding.amounts((int) s.get(2), kernel, stride)[0];
    int left = TfSamePadding.amounts((int) s.get(3), kernel, stride)[0];
    return new NDList(
        Pool.maxPool2d(
            x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(top, left), true));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long[] dims = inputShapes[0].getShape().clone();
    for (int axis = 2; axis <= 3; axis++) {
      dims[axis] = (dims[axis] + stride - 1) / stride;
    }
    return new Shape[] {new Shape(dims)};
  }

  @Override
  public String toString() {
    return "TfMaxPool{same " + kernel + "x" + kernel + ", stride " + stride + "}";
  }
}
