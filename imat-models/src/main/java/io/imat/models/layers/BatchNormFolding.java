package io.imat.models.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a convolution followed by a batch normalisation in inference mode as one convolution: with
 * {@code s = gamma / sqrt(var + eps)}, the pair computes {@code conv(x, w·s) + (b − mean)·s + beta}
 * — one pass over the activations instead of two, within float rounding of the pair.
 *
 * <p>Folding happens inside an inference pass that brings a {@link Cache} in its forward-pass
 * parameters ({@link #params}): the folded weights are computed on the first batch and reused until
 * the cache is closed, so the weights must not change while it is open (prediction, TTA and
 * embedding open one per pass; validation between training epochs too). A {@link NamedSequential}
 * run without a cache computes the pair as written.
 *
 * <pre>{@code
 * try (BatchNormFolding.Cache cache = BatchNormFolding.cache(manager)) {
 *   NDArray features = block.forward(store, input, false, BatchNormFolding.params(cache)).head();
 * }
 * }</pre>
 */
public final class BatchNormFolding {
  /** The forward-pass parameter key under which a {@link Cache} travels. */
  public static final String CACHE = "imat.batchNormFolding.cache";

  private BatchNormFolding() {}

  /**
   * Folded weights for one inference pass, on a manager of their own (a copy of the convolution
   * weights: about 100 MB for ResNet-50); closing frees them. Not thread-safe: one pass at a time.
   */
  public static final class Cache implements AutoCloseable {
    private final NDManager manager;
    private final Map<Block, NDArray[]> folded = new IdentityHashMap<>();

    private Cache(NDManager parent) {
      this.manager = parent.newSubManager();
    }

    @Override
    public void close() {
      folded.clear();
      manager.close();
    }
  }

  /** A new cache whose arrays live under {@code parent} until closed. */
  public static Cache cache(NDManager parent) {
    return new Cache(parent);
  }

  /** Forward-pass parameters carrying {@code cache}. */
  public static PairList<String, Object> params(Cache cache) {
    PairList<String, Object> p = new PairList<>();
    p.add(CACHE, cache);
    return p;
  }

  /** The cache of this forward pass, or null. */
  static @Nullable Cache cache(@Nullable PairList<String, Object> params) {
    return params != null && params.get(CACHE) instanceof Cache c ? c : null;
  }

  /**
   * Whether {@code conv} followed by {@code bn} can run as one convolution: a {@link Conv2d}, or a
   * {@link SeparableConv2d} (its pointwise part takes the batch norm).
   */
  static boolean foldable(Block conv, Block bn) {
    if (!(conv instanceof Conv2d) && !(conv instanceof SeparableConv2d)) {
      return false;
    }
    return bn instanceof KerasBatchNorm;
  }

  /** {@code bn(conv(x))} in inference mode, as one convolution. */
  static NDList forward(
      ParameterStore store,
      NDList inputs,
      Block convBlock,
      Block bn,
      Cache cache,
      PairList<String, Object> params) {
    if (convBlock instanceof SeparableConv2d s) {
      NDList depthwise = MixedPrecision.forward(store, s.depthwise(), inputs, false, params);
      return fold(store, depthwise, s.pointwise(), bn, cache, params);
    }
    return fold(store, inputs, (Conv2d) convBlock, bn, cache, params);
  }

  private static NDList fold(
      ParameterStore store,
      NDList inputs,
      Conv2d conv,
      Block bn,
      Cache cache,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray[] wb = cache.folded.get(conv);
    if (wb == null || !wb[0].getDevice().equals(x.getDevice())) {
      wb = foldedWeights(store, conv, bn, x.getDevice(), cache.manager);
      cache.folded.put(conv, wb);
    }
    MixedPrecision mixed = MixedPrecision.of(params);
    if (mixed != null) {
      // Folded in float32, run in bfloat16 like every convolution of a mixed pass.
      return new NDList(
          mixed.conv(
              x,
              wb[0],
              wb[1],
              conv.getStride(),
              conv.getPadding(),
              conv.getDilation(),
              conv.getGroups()));
    }
    return Conv2d.conv2d(
        x, wb[0], wb[1], conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups());
  }

  /** The folded weight and bias; every array starts from {@code m}, so all of them land there. */
  private static NDArray[] foldedWeights(
      ParameterStore store, Conv2d conv, Block bn, Device device, NDManager m) {
    PairList<String, Parameter> cp = conv.getParameters();
    NDArray w = store.getValue(cp.get("weight"), device, false);
    NDArray bias = conv.isIncludeBias() ? store.getValue(cp.get("bias"), device, false) : null;
    PairList<String, Parameter> bp = bn.getParameters();
    NDArray mean = store.getValue(bp.get("runningMean"), device, false);
    NDArray var = store.getValue(bp.get("runningVar"), device, false);
    Parameter gamma = bp.get("gamma");
    Parameter beta = bp.get("beta");
    NDArray std = m.create(epsilon(bn)).toDevice(device, false).add(var).sqrt();
    NDArray scale = m.create(1f).toDevice(device, false).div(std);
    if (gamma != null) {
      scale = scale.mul(store.getValue(gamma, device, false));
    }
    NDArray shift = scale.mul(mean).neg();
    if (bias != null) {
      shift = shift.add(scale.mul(bias));
    }
    if (beta != null) {
      shift = shift.add(store.getValue(beta, device, false));
    }
    return new NDArray[] {scale.reshape(-1, 1, 1, 1).mul(w), shift};
  }

  private static float epsilon(Block bn) {
    return ((KerasBatchNorm) bn).epsilon();
  }
}
