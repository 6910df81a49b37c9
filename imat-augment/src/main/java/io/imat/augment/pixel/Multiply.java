package io.imat.augment.pixel;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.image.LookupTable;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Multiplies every value by a factor drawn per image (brightness): imgaug 0.4.0's {@code Multiply}
 * on {@code uint8}, with its lookup table built exactly as imgaug builds it: {@code v · factor} in
 * single precision, clipped to [0, 255] and truncated. Applied as a lookup table, fused with
 * neighbouring tables.
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
        canvas.filter(LookupTable.onLine(values(f), f));
      }
      return;
    }
    int[][] tables = new int[canvas.channels()][];
    for (int c = 0; c < tables.length; c++) {
      tables[c] = values(factor.sample(random));
    }
    canvas.filter(LookupTable.perChannel(tables));
  }

  /** imgaug's {@code _multiply_scalar_to_uint8} table. */
  static int[] values(double factor) {
    float f = (float) factor;
    int[] t = new int[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (int) Math.max(0f, Math.min(255f, v * f));
    }
    return t;
  }

  @Override
  public String toString() {
    return "Multiply(" + factor + ", perChannel=" + perChannel + ")";
  }
}
