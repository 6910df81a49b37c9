package io.imat.augment;

import io.imat.augment.image.Image;
import java.util.SplittableRandom;

/** Test pictures and comparisons. */
public final class TestImages {
  private TestImages() {}

  /** Uniform random noise: every pixel independent, so any misplaced pixel shows. */
  public static Image random(int width, int height, int channels, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] data = new byte[width * height * channels];
    r.nextBytes(data);
    return Image.of(width, height, channels, data);
  }

  /** A smooth picture (gradients): interpolation errors stay small on it. */
  public static Image smooth(int width, int height) {
    return Image.generate(
        width,
        height,
        3,
        (x, y, c) ->
            (int)
                (127.5 + 120 * Math.sin(0.11 * x + 0.07 * y + c) * Math.cos(0.05 * y - 0.03 * x)));
  }

  /**
   * A smooth picture with frequencies drawn from {@code r}: resampling errors stay within a level
   * on it, so fuzz tests can compare against references in doubles.
   */
  public static Image smoothRandom(SplittableRandom r, int width, int height, int channels) {
    double fx = 0.05 + 0.2 * r.nextDouble();
    double fy = 0.05 + 0.2 * r.nextDouble();
    return Image.generate(
        width, height, channels, (x, y, c) -> (int) (127.5 + 100 * Math.sin(fx * x + fy * y + c)));
  }

  /** Largest absolute difference of two same-shaped images. */
  public static int maxAbsDiff(Image a, Image b) {
    if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
      throw new AssertionError("shapes differ: " + a + " vs " + b);
    }
    int max = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        for (int c = 0; c < a.channels(); c++) {
          max = Math.max(max, Math.abs(a.get(x, y, c) - b.get(x, y, c)));
        }
      }
    }
    return max;
  }

  /** Mean of all values. */
  public static double mean(Image a) {
    double s = 0;
    for (byte v : a.toByteArray()) {
      s += v & 0xFF;
    }
    return s / a.toByteArray().length;
  }
}
