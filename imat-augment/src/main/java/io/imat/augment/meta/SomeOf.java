package io.imat.augment.meta;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies a random subset of its children, imgaug's {@code SomeOf(n, children)}: the subset size is
 * drawn per image from {@code [min, max]}, the members uniformly; they run in declaration order
 * unless random order is asked for.
 */
public final class SomeOf implements Augmenter {
  private final int min;
  private final int max;
  private final List<Augmenter> children;
  private final boolean randomOrder;

  private SomeOf(int min, int max, List<Augmenter> children, boolean randomOrder) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("someOf needs at least one child");
    }
    if (min < 0 || max < min || max > children.size()) {
      throw new IllegalArgumentException(
          "someOf needs 0 <= min <= max <= "
              + children.size()
              + " (the number of children), got ("
              + min
              + ", "
              + max
              + ")");
    }
    this.min = min;
    this.max = max;
    this.children = children;
    this.randomOrder = randomOrder;
  }

  /**
   * Exactly {@code n} of {@code children} per image.
   *
   * @throws IllegalArgumentException if {@code n} is negative or more than the children
   */
  public static SomeOf exactly(int n, Augmenter... children) {
    return new SomeOf(n, n, List.of(children), false);
  }

  /**
   * Between {@code min} and {@code max} (inclusive) of {@code children} per image.
   *
   * @throws IllegalArgumentException unless {@code 0 <= min <= max <= children.size()}
   */
  public static SomeOf between(
      int min, int max, List<? extends Augmenter> children, boolean randomOrder) {
    return new SomeOf(min, max, List.copyOf(children), randomOrder);
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    SplittableRandom[] streams = new SplittableRandom[children.size()];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = random.split();
    }
    int k = min == max ? min : min + random.nextInt(max - min + 1);
    int[] order = Shuffle.identity(children.size());
    Shuffle.shuffle(order, k, random);
    int[] chosen = Arrays.copyOf(order, k);
    if (!randomOrder) {
      Arrays.sort(chosen);
    }
    for (int i : chosen) {
      children.get(i).apply(canvas, streams[i]);
    }
  }

  @Override
  public String toString() {
    return "SomeOf("
        + min
        + ".."
        + max
        + (randomOrder ? ", randomOrder" : "")
        + ", "
        + children
        + ")";
  }
}
