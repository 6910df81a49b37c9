package io.imat.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code relu(main(x) + shortcut(x))}, the ResNet unit. The children are flattened into this
 * block's namespace (each main-path layer keeps its own Keras-style name), and the sum is formed in
 * place to save one activation-sized allocation per unit.
 */
public final class Residual extends AbstractBlock {
  private static final byte VERSION = 1;
  private final NamedSequential main;
  private final NamedSequential shortcut;

  /**
   * A unit with main path {@code main} and projection {@code shortcut}, or the identity when {@code
   * shortcut} is empty.
   */
  public Residual(NamedSequential main, NamedSequential shortcut) {
    super(VERSION);
    this.main = addChildBlock("main", main);
    this.shortcut = addChildBlock("shortcut", shortcut);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = main.forward(store, inputs, training, params).singletonOrThrow();
    NDArray s = shortcut.size() == 0 ? x : shortcut.forward(store, inputs, training, params).head();
    return new NDList(Activation.relu(y.addi(s)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    main.initialize(manager, dataType, inputShapes);
    // Even an empty (identity) shortcut is initialised: saving parameters records input shapes.
    shortcut.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return main.getOutputShapes(inputShapes);
  }

  /** The main path. */
  public Block main() {
    return main;
  }

  /** The shortcut (empty for identity). */
  public Block shortcut() {
    return shortcut;
  }
}
