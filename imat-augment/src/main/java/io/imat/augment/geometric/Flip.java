package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.param.Param;
import java.util.SplittableRandom;

/**
 * Mirrors the image with a probability: left–right (imgaug {@code Fliplr}) or top–bottom ({@code
 * Flipud}). A flip maps pixel centres onto pixel centres, so on its own it is an exact copy and in
 * a chain it costs nothing extra.
 */
public final class Flip implements Augmenter {
  private final boolean horizontal;
  private final double probability;

  private Flip(boolean horizontal, double probability) {
    this.horizontal = horizontal;
    this.probability = Param.requireProbability(probability, "flip probability");
  }

  /**
   * Mirrors left–right with probability {@code p} (imgaug {@code Fliplr(p)}).
   *
   * @throws IllegalArgumentException if {@code p} is not in [0, 1]
   */
  public static Flip horizontal(double p) {
    return new Flip(true, p);
  }

  /**
   * Mirrors top–bottom with probability {@code p} (imgaug {@code Flipud(p)}).
   *
   * @throws IllegalArgumentException if {@code p} is not in [0, 1]
   */
  public static Flip vertical(double p) {
    return new Flip(false, p);
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    if (random.nextDouble() >= probability) {
      return;
    }
    int w = canvas.width();
    int h = canvas.height();
    AffineTransform mirror =
        horizontal ? AffineTransform.of(-1, 0, w, 0, 1, 0) : AffineTransform.of(1, 0, 0, 0, -1, h);
    canvas.transform(mirror, w, h);
  }

  @Override
  public String toString() {
    return (horizontal ? "Fliplr(" : "Flipud(") + probability + ")";
  }
}
