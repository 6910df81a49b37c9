package io.imat.models.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of blocks with chosen names, so parameters are named like the Keras layers they mirror
 * ({@code conv1_conv_weight}, {@code conv2_block1_1_bn_gamma}, ...) instead of DJL's positional
 * {@code 01Conv2d}. Names are what Keras weight import matches on.
 *
 * <p>In an inference pass that brings a {@link BatchNormFolding.Cache}, a convolution directly
 * followed by a batch normalisation runs as one convolution with folded weights.
 */
public final class NamedSequential extends AbstractBlock {
  private static final byte VERSION = 1;
  private final List<String> names = new ArrayList<>();

  /** An empty sequence. */
  public NamedSequential() {
    super(VERSION);
  }

  /** Appends {@code block} under {@code name}; returns this. */
  public NamedSequential add(String name, Block block) {
    addChildBlock(name, block);
    names.add(name);
    return this;
  }

  /** The names the blocks were added under, in order (without DJL's position prefix). */
  public ImmutableList<String> names() {
    return ImmutableList.copyOf(names);
  }

  /** The block at {@code index}. */
  public Block get(int index) {
    return children.valueAt(index);
  }

  /** Number of blocks. */
  public int size() {
    return children.size();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return forward(store, inputs, training, params, 0);
  }

  /**
   * Runs the sequence with its first {@code inferencePrefix} blocks in inference mode whatever
   * {@code training} says: how a network whose bottom layers are frozen runs in Keras (a frozen
   * batch normalisation uses and keeps its moving statistics).
   */
  public NDList forward(
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params,
      int inferencePrefix) {
    NDList current = inputs;
    BatchNormFolding.Cache cache = BatchNormFolding.cache(params);
    int n = children.size();
    for (int i = 0; i < n; i++) {
      Block b = children.valueAt(i);
      boolean trainingHere = training && i >= inferencePrefix;
      // A convolution and the batch norm after it, both in inference mode: one convolution.
      if (cache != null
          && !trainingHere
          && i + 1 < n
          && !(training && i + 1 >= inferencePrefix)
          && BatchNormFolding.foldable(b, children.valueAt(i + 1))) {
        current =
            BatchNormFolding.forward(store, current, b, children.valueAt(i + 1), cache, params);
        i++;
        continue;
      }
      current = MixedPrecision.forward(store, b, current, trainingHere, params);
    }
    return current;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block b : children.values()) {
      b.initialize(manager, dataType, shapes);
      shapes = b.getOutputShapes(shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block b : children.values()) {
      shapes = b.getOutputShapes(shapes);
    }
    return shapes;
  }
}
