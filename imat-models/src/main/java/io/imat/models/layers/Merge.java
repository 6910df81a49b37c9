package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel named branches over the same input, joined like a Keras merge layer: {@link #concat()}
 * stacks their outputs on the channel axis ({@code concatenate}, Inception's mixed blocks), {@link
 * #add()} sums them ({@code add}, Xception's residual joins, no activation after). A branch may be
 * an empty {@link NamedSequential}: the identity.
 */
public final class Merge extends AbstractBlock {
  private static final byte VERSION = 1;
  private final boolean concat;
  private final List<Block> branches = new ArrayList<>();

  private Merge(boolean concat) {
    super(VERSION);
    this.concat = concat;
  }

  /** Branch outputs concatenated along the channel axis, in the order they were added. */
  public static Merge concat() {
    return new Merge(true);
  }

  /** Branch outputs summed (all must have the same shape). */
  public static Merge add() {
    return new Merge(false);
  }

  /** Adds a branch under {@code name}; returns this. */
  public Merge branch(String name, Block block) {
    branches.add(addChildBlock(name, block));
    return this;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList outs = new NDList(branches.size());
    for (Block b : branches) {
      outs.add(b.forward(store, inputs, training, params).singletonOrThrow());
    }
    if (concat) {
      return new NDList(NDArrays.concat(outs, 1));
    }
    NDArray sum = outs.get(0);
    for (int i = 1; i < outs.size(); i++) {
      // Not in place: the first branch may be the identity, i.e. the caller's input.
      sum = sum.add(outs.get(i));
    }
    return new NDList(sum);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    checkArgument(!branches.isEmpty(), "a merge needs at least one branch");
    for (Block b : branches) {
      b.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape first = branches.get(0).getOutputShapes(inputShapes)[0];
    if (!concat) {
      return new Shape[] {first};
    }
    long[] dims = first.getShape().clone(); // Shape.getShape() is its own array
    for (int i = 1; i < branches.size(); i++) {
      Shape s = branches.get(i).getOutputShapes(inputShapes)[0];
      dims[1] += s.get(1);
    }
    return new Shape[] {new Shape(dims)};
  }
}
