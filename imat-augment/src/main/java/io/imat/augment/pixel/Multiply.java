package io.imat.augment.pixel;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.image.LookupTable;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Multiplies every value by a factor drawn per image (brightness), rounding and clipping to [0,
 * 255], imgaug's {@code Multiply}. Applied as a lookup table, fused with neighbouring tables.
 */
public final class Multiply implements Augmenter {
  private final Param factor;
  private final double perChannel;

  private Multiply(Param factor, double perChannel) {
    this.factor = factor;
    this.perChannel = perChannel;
  }

  /** Factor drawn uniformly from {@code [lo, hi]} (e.g. 0.8, 1.2), all channels. */
  public static Multiply of(double lo, double hi) {
    return of(Param.uniform(lo, hi), 0);
  }

  /**
   * Factor drawn from {@code factor}; a fraction {@code perChannel} of images draw one per channel.
   *
   * @throws IllegalArgumentException if the factor could be negative or above 255, or {@code
   *     perChannel} is not a probability
   */
  public static Multiply of(Param factor, double perChannel) {
    return new Multiply(
        Objects.requireNonNull(factor).requireWithin(0, 255, "multiply factor"),
        Param.requireProbability(perChannel, "perChannel"));
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    boolean split = random.nextDouble() < perChannel;
    if (!split) {
      double f = factor.sample(random);
      if (f != 1) {
        canvas.filter(LookupTable.linear(f, 0));
      }
      return;
    }
    int[][] tables = new int[canvas.channels()][256];
    for (int c = 0; c < tables.length; c++) {
      double f = factor.sample(random);
      for (int v = 0; v < 256; v++) {
        tables[c][v] = (int) Math.max(0, Math.min(255, Math.rint(v * f)));
      }
    }
    canvas.filter(LookupTable.perChannel(tables));
  }

  @Override
  public String toString() {
    return "Multiply(" + factor + ", perChannel=" + perChannel + ")";
  }
}
