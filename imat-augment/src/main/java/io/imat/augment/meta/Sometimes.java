package io.imat.augment.meta;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Applies one augmenter to a fraction {@code p} of the images, and optionally another to the rest,
 * imgaug's {@code Sometimes(p, then_list, else_list)}.
 */
public final class Sometimes implements Augmenter {
  private final double probability;
  private final Augmenter then;
  private final Augmenter otherwise;

  private Sometimes(double probability, Augmenter then, Augmenter otherwise) {
    this.probability = Param.requireProbability(probability, "sometimes probability");
    this.then = Objects.requireNonNull(then);
    this.otherwise = otherwise;
  }

  /**
   * Applies {@code then} with probability {@code p}, otherwise nothing.
   *
   * @throws IllegalArgumentException if {@code p} is not in [0, 1]
   */
  public static Sometimes of(double p, Augmenter then) {
    return new Sometimes(p, then, null);
  }

  /**
   * Applies {@code then} with probability {@code p}, otherwise {@code otherwise}.
   *
   * @throws IllegalArgumentException if {@code p} is not in [0, 1]
   */
  public static Sometimes of(double p, Augmenter then, Augmenter otherwise) {
    return new Sometimes(p, then, Objects.requireNonNull(otherwise));
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    SplittableRandom child = random.split();
    if (random.nextDouble() < probability) {
      then.apply(canvas, child);
    } else if (otherwise != null) {
      otherwise.apply(canvas, child);
    }
  }

  @Override
  public String toString() {
    return "Sometimes("
        + probability
        + ", "
        + then
        + (otherwise == null ? "" : ", " + otherwise)
        + ")";
  }
}
