package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Locale;
import java.util.Objects;

/**
 * Which backbone layers learn in the fine-tuning phase, named the way Keras users think of it: the
 * whole network ({@link #all()}), the top N blocks ({@link #topBlocks}: "train the top 2 inception
 * blocks", as in the Keras applications guide), or everything from a named block on ({@link
 * #fromBlock}: {@code model.layers[i:]} where layer {@code i} starts block {@code mixed9}).
 *
 * <p>A block is a building block of the backbone as Keras names it: for ResNet-50 the stem {@code
 * conv1} and the residual units {@code conv2_block1} … {@code conv5_block3}; for Inception v3 the
 * {@code stem} and {@code mixed0} … {@code mixed10}; for Xception {@code block1} … {@code block14}
 * ({@link io.imat.models.backbone.Backbone#blocks()} lists them). Frozen layers run in inference
 * mode, like Keras layers with {@code trainable=False}: batch normalisation uses and keeps its
 * moving statistics. Immutable.
 */
public final class Unfreeze {
  private static final Unfreeze ALL = new Unfreeze(Integer.MAX_VALUE, null);

  // Number of top blocks that learn (MAX_VALUE = all), or the first learning block.
  private final int topBlocks;
  private final String fromBlock;

  private Unfreeze(int topBlocks, String fromBlock) {
    this.topBlocks = topBlocks;
    this.fromBlock = fromBlock;
  }

  /** Every backbone layer learns (the default). */
  public static Unfreeze all() {
    return ALL;
  }

  /** Only the top {@code n} blocks of the backbone learn; the rest stay frozen. */
  public static Unfreeze topBlocks(int n) {
    checkArgument(n >= 1, "unfreeze at least one block, got %s", n);
    return new Unfreeze(n, null);
  }

  /** Block {@code name} and every block above it learn. */
  public static Unfreeze fromBlock(String name) {
    checkArgument(!name.isBlank(), "empty block name");
    return new Unfreeze(0, name);
  }

  /**
   * Parses the CLI form: {@code all}, a number of top blocks ({@code 2}), or a block name ({@code
   * mixed9}).
   *
   * @throws IllegalArgumentException for a non-positive number or an empty string
   */
  public static Unfreeze parse(String text) {
    String s = text.strip();
    if (s.toLowerCase(Locale.ROOT).equals("all")) {
      return all();
    }
    if (s.matches("-?\\d+")) {
      return topBlocks(Integer.parseInt(s));
    }
    return fromBlock(s);
  }

  /** Whether every layer learns. */
  public boolean isAll() {
    return this == ALL || (fromBlock == null && topBlocks == Integer.MAX_VALUE);
  }

  /**
   * How many of {@code blocks} (bottom to top) stay frozen.
   *
   * @throws IllegalArgumentException if the named block is not one of them, or more blocks are
   *     asked for than there are
   */
  public int frozenBlocks(ImmutableList<String> blocks) {
    if (isAll()) {
      return 0;
    }
    if (fromBlock != null) {
      int i = blocks.indexOf(fromBlock);
      checkArgument(
          i >= 0, "unfreeze from block '%s': the backbone's blocks are %s", fromBlock, blocks);
      return i;
    }
    checkArgument(
        topBlocks <= blocks.size(),
        "unfreeze the top %s blocks: the backbone has only %s (%s)",
        topBlocks,
        blocks.size(),
        blocks);
    return blocks.size() - topBlocks;
  }

  /** The CLI form {@link #parse} reads. */
  @Override
  public String toString() {
    return isAll() ? "all" : fromBlock != null ? fromBlock : Integer.toString(topBlocks);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unfreeze u
        && u.topBlocks == topBlocks
        && Objects.equals(u.fromBlock, fromBlock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topBlocks, fromBlock);
  }
}
