package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras' {@code SeparableConv2D} with depth multiplier 1: a depthwise {@code k×k} convolution (one
 * filter per input channel, a grouped {@link Conv2d} with weight {@code (C, 1, k, k)}) followed by
 * a pointwise {@code 1×1} convolution (weight {@code (filters, C, 1, 1)}, bias optional). Stride 1;
 * 'same' padding is symmetric here because the kernel is odd.
 */
public final class SeparableConv2d extends AbstractBlock {
  private static final byte VERSION = 1;
  private final int inChannels;
  private final int filters;
  private final int kernel;
  private final boolean bias;
  private final Conv2d depthwise;
  private final Conv2d pointwise;

  private SeparableConv2d(int inChannels, int filters, int kernel, boolean same, boolean bias) {
    super(VERSION);
    this.inChannels = inChannels;
    this.filters = filters;
    this.kernel = kernel;
    this.bias = bias;
    int pad = same ? (kernel - 1) / 2 : 0;
    this.depthwise =
        addChildBlock(
            "depthwise",
            Conv2d.builder()
                .setFilters(inChannels)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(pad, pad))
                .optGroups(inChannels)
                .optBias(false)
                .build());
    this.pointwise =
        addChildBlock(
            "pointwise",
            Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(1, 1))
                .optBias(bias)
                .build());
  }

  /**
   * A separable convolution of {@code inChannels} to {@code filters} channels.
   *
   * @param kernel odd window side
   * @param same Keras {@code padding='same'} (else 'valid')
   * @param bias Keras {@code use_bias}
   */
  public static SeparableConv2d of(
      int inChannels, int filters, int kernel, boolean same, boolean bias) {
    checkArgument(inChannels >= 1 && filters >= 1, "channel counts must be positive");
    checkArgument(kernel >= 1 && kernel % 2 == 1, "kernel must be odd, got %s", kernel);
    return new SeparableConv2d(inChannels, filters, kernel, same, bias);
  }

  /** The depthwise convolution (Keras {@code depthwise_kernel}). */
  public Conv2d depthwise() {
    return depthwise;
  }

  /** The pointwise convolution (Keras {@code pointwise_kernel}, {@code bias}). */
  public Conv2d pointwise() {
    return pointwise;
  }

  /** Whether the pointwise convolution has a bias. */
  public boolean hasBias() {
    return bias;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList y = MixedPrecision.forward(store, depthwise, inputs, training, params);
    return MixedPrecision.forward(store, pointwise, y, training, params);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    checkArgument(
        inputShapes[0].get(1) == inChannels,
        "separable convolution built for %s channels got input %s",
        inChannels,
        inputShapes[0]);
    depthwise.initialize(manager, dataType, inputShapes);
    pointwise.initialize(manager, dataType, depthwise.getOutputShapes(inputShapes));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return pointwise.getOutputShapes(depthwise.getOutputShapes(inputShapes));
  }

  @Override
  public String toString() {
    return String.format(
        "SeparableConv2d{%d->%d, %dx%d, bias=%s}", inChannels, filters, kernel, kernel, bias);
  }
}
