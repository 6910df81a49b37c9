package io.imat.augment.pixel;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.image.LookupTable;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Scales each value's distance from the mid-grey: imgaug 0.4.0's {@code LinearContrast} on {@code
 * uint8}, with its lookup table built exactly as imgaug builds it: centre {@code int(127.5) = 127},
 * {@code 127 + α·(v − 127)} in single precision ({@code α} cast to {@code float32}), clipped to [0,
 * 255] and truncated. {@code α} is drawn per image, or per image and channel. Applied as a lookup
 * table, fused with neighbouring tables.
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
      tables[c] = values(alpha.sample(random));
    }
    canvas.filter(LookupTable.perChannel(tables));
  }

  private static LookupTable table(double a) {
    return LookupTable.onLine(values(a), a);
  }

  /** imgaug's {@code adjust_contrast_linear} table for {@code uint8}. */
  static int[] values(double alpha) {
    final int center = 127;
    float a = (float) alpha;
    int[] t = new int[256];
    for (int v = 0; v < 256; v++) {
      float x = center + a * (float) (v - center);
      t[v] = (int) Math.max(0f, Math.min(255f, x));
    }
    return t;
  }

  @Override
  public String toString() {
    return "LinearContrast(alpha=" + alpha + ", perChannel=" + perChannel + ")";
  }
}
