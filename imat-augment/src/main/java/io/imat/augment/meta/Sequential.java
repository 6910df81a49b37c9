package io.imat.augment.meta;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies its children one after another, imgaug's {@code Sequential}; optionally in a random order
 * per image ({@code random_order=True}). Each child draws from its own split of the image's random
 * stream, so adding or changing one child never changes what the others draw.
 */
public final class Sequential implements Augmenter {
  private final List<Augmenter> children;
  private final boolean randomOrder;

  private Sequential(List<Augmenter> children, boolean randomOrder) {
    this.children = List.copyOf(children);
    this.randomOrder = randomOrder;
  }

  /** The children in the given order. */
  public static Sequential of(Augmenter... children) {
    return new Sequential(List.of(children), false);
  }

  /** The children in the given order. */
  public static Sequential of(List<? extends Augmenter> children) {
    return new Sequential(List.copyOf(children), false);
  }

  /** The children in a random order drawn per image. */
  public static Sequential inRandomOrder(List<? extends Augmenter> children) {
    return new Sequential(List.copyOf(children), true);
  }

  /** The children, in declaration order (unmodifiable). */
  public List<Augmenter> children() {
    return children;
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    // Split every child's stream first, in declaration order: the order of application then never
    // changes which numbers a child sees.
    SplittableRandom[] streams = new SplittableRandom[children.size()];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = random.split();
    }
    int[] order = Shuffle.identity(children.size());
    if (randomOrder) {
      Shuffle.shuffle(order, order.length, random);
    }
    for (int i : order) {
      children.get(i).apply(canvas, streams[i]);
    }
  }

  @Override
  public String toString() {
    return "Sequential" + (randomOrder ? "(randomOrder)" : "") + children;
  }
}
