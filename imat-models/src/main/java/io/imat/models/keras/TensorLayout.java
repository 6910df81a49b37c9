package io.imat.models.keras;

/**
 * Reorders the axes of a row-major tensor: Keras stores convolution kernels {@code (H, W, in, out)}
 * (HWIO), depthwise kernels {@code (H, W, C, 1)} and dense kernels {@code (in, out)}; DJL wants
 * {@code (out, in, H, W)}, {@code (C, 1, H, W)} and {@code (out, in)}.
 */
final class TensorLayout {
  /** DJL axis {@code i} of a convolution kernel is Keras axis {@code CONV[i]}: OIHW from HWIO. */
  static final int[] CONV = {3, 2, 0, 1};

  /**
   * DJL axis {@code i} of a depthwise kernel is Keras axis {@code DEPTHWISE[i]}: C1HW from HWC1.
   */
  static final int[] DEPTHWISE = {2, 3, 0, 1};

  /**
   * DJL axis {@code i} of a dense kernel is Keras axis {@code DENSE[i]}: (out, in) from (in, out).
   */
  static final int[] DENSE = {1, 0};

  /** Vectors keep their layout. */
  static final int[] VECTOR = {0};

  private TensorLayout() {}

  /** The Keras shape of a tensor whose DJL shape is {@code djl}. */
  static long[] kerasShape(long[] djl, int[] perm) {
    long[] keras = new long[djl.length];
    for (int i = 0; i < djl.length; i++) {
      keras[perm[i]] = djl[i];
    }
    return keras;
  }

  /**
   * {@code src} (row-major, Keras shape {@code kerasShape}) rearranged row-major into the DJL shape
   * whose axis {@code i} is Keras axis {@code perm[i]}.
   */
  static float[] toDjl(float[] src, long[] kerasShape, int[] perm) {
    int rank = kerasShape.length;
    long[] srcStrides = strides(kerasShape);
    long[] djlShape = new long[rank];
    long[] step = new long[rank];
    for (int i = 0; i < rank; i++) {
      djlShape[i] = kerasShape[perm[i]];
      step[i] = srcStrides[perm[i]];
    }
    float[] dst = new float[src.length];
    long[] index = new long[rank];
    long from = 0;
    // Walk the destination in order, moving the source offset by each axis' source stride.
    for (int d = 0; d < dst.length; d++) {
      dst[d] = src[(int) from];
      for (int axis = rank - 1; axis >= 0; axis--) {
        index[axis]++;
        from += step[axis];
        if (index[axis] < djlShape[axis]) {
          break;
        }
        from -= step[axis] * djlShape[axis];
        index[axis] = 0;
      }
    }
    return dst;
  }

  /**
   * The inverse of {@link #toDjl}: a DJL-layout tensor of shape {@code djlShape} in Keras order.
   */
  static float[] toKeras(float[] src, long[] djlShape, int[] perm) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    return toDjl(src, djlShape, inverse);
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }
}
