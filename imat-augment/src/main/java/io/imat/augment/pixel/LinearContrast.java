package io.imat.augment.pixel;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.image.LookupTable;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Scales each value's distance from the mid-grey {@code 127.5}: {@code v -> 127.5 + α·(v − 127.5)},
 * rounded and clipped, imgaug's {@code LinearContrast} (imgaug's uint8 centre is 127.5 as well).
 * {@code α} is drawn per image, or per image and channel. Applied as a lookup table, fused with
 * neighbouring tables.
 */
public final class LinearContrast implements Augmenter {
  private final Param alpha;
  private final double perChannel;

  private LinearContrast(Param alpha, double perChannel) {
    this.alpha = alpha;
    this.perChannel = perChannel;
  }

  /** Contrast factor drawn uniformly from {@code [lo, hi]} (e.g. 0.75, 1.25), all channels. */
  public static LinearContrast of(double lo, double hi) {
    return of(Param.uniform(lo, hi), 0);
  }

  /**
   * Contrast factor drawn from {@code alpha}; a fraction {@code perChannel} of images draw one
   * factor per channel.
   *
   * @throws IllegalArgumentException if {@code alpha} could leave [-10, 10] or {@code perChannel}
   *     is not a probability
   */
  public static LinearContrast of(Param alpha, double perChannel) {
    return new LinearContrast(
        Objects.requireNonNull(alpha).requireWithin(-10, 10, "contrast alpha"),
        Param.requireProbability(perChannel, "perChannel"));
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    boolean split = random.nextDouble() < perChannel;
    if (!split) {
      double a = alpha.sample(random);
      if (a != 1) {
        canvas.filter(table(a));
      }
      return;
    }
    int[][] tables = new int[canvas.channels()][];
    for (int c = 0; c < tables.length; c++) {
      LookupTable t = table(alpha.sample(random));
      tables[c] = new int[256];
      for (int v = 0; v < 256; v++) {
        tables[c][v] = t.map(0, v);
      }
    }
    canvas.filter(LookupTable.perChannel(tables));
  }

  private static LookupTable table(double a) {
    return LookupTable.linear(a, 127.5 * (1 - a));
  }

  @Override
  public String toString() {
    return "LinearContrast(alpha=" + alpha + ", perChannel=" + perChannel + ")";
  }
}
