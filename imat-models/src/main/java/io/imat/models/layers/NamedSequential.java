package io.imat.models.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A sequence of blocks with chosen names, so parameters are named like the Keras layers they mirror
 * ({@code conv1_conv_weight}, {@code conv2_block1_1_bn_gamma}, ...) instead of DJL's positional
 * {@code 01Conv2d}. Names are what Keras weight import matches on.
 */
public final class NamedSequential extends AbstractBlock {
  private static final byte VERSION = 1;

  /** An empty sequence. */
  public NamedSequential() {
    super(VERSION);
  }

  /** Appends {@code block} under {@code name}; returns this. */
  public NamedSequential add(String name, Block block) {
    addChildBlock(name, block);
    return this;
  }

  /** Number of blocks. */
  public int size() {
    return children.size();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList current = inputs;
    for (Block b : children.values()) {
      current = b.forward(store, current, training, params);
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
