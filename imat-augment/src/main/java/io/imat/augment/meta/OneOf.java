package io.imat.augment.meta;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import java.util.List;
import java.util.SplittableRandom;

/** Applies exactly one of its children, chosen uniformly per image, imgaug's {@code OneOf}. */
public final class OneOf implements Augmenter {
  private final List<Augmenter> children;

  private OneOf(List<Augmenter> children) {
    if (children.isEmpty()) {
      throw new IllegalArgumentException("oneOf needs at least one child");
    }
    this.children = children;
  }

  /**
   * One of {@code children} per image.
   *
   * @throws IllegalArgumentException if there are no children
   */
  public static OneOf of(Augmenter... children) {
    return new OneOf(List.of(children));
  }

  /**
   * One of {@code children} per image.
   *
   * @throws IllegalArgumentException if there are no children
   */
  public static OneOf of(List<? extends Augmenter> children) {
    return new OneOf(List.copyOf(children));
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    SplittableRandom child = random.split();
    children.get(random.nextInt(children.size())).apply(canvas, child);
  }

  @Override
  public String toString() {
    return "OneOf" + children;
  }
}
