package io.imat.augment.pixel;

import io.imat.augment.image.RowFilter;
import io.imat.augment.image.RowSource;
import java.util.SplittableRandom;

/**
 * Adds Gaussian noise with fixed {@code loc} and {@code scale} to each row, clipping to [0, 255].
 * Either one draw per pixel shared by its channels, or one per value ({@code perChannel}).
 */
final class NoiseFilter implements RowFilter {
  private final double loc;
  private final double scale;
  private final boolean perChannel;
  private final long seed;

  NoiseFilter(double loc, double scale, boolean perChannel, long seed) {
    this.loc = loc;
    this.scale = scale;
    this.perChannel = perChannel;
    this.seed = seed;
  }

  @Override
  public RowSource connect(RowSource upstream) {
    // The noise values an image can get, already scaled and rounded: one lookup per pixel.
    int[] noise = new int[GaussianTable.SIZE];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (int) Math.rint(loc + scale * GaussianTable.quantile(i));
    }
    return new Rows(upstream, noise, perChannel, new SplittableRandom(seed));
  }

  private static final class Rows implements RowSource {
    private final RowSource up;
    private final int[] noise;
    private final boolean perChannel;
    private final SplittableRandom random;

    Rows(RowSource up, int[] noise, boolean perChannel, SplittableRandom random) {
      this.up = up;
      this.noise = noise;
      this.perChannel = perChannel;
      this.random = random;
    }

    @Override
    public int width() {
      return up.width();
    }

    @Override
    public int height() {
      return up.height();
    }

    @Override
    public int channels() {
      return up.channels();
    }

    @Override
    public void read(int y, int[] dst) {
      up.read(y, dst);
      int c = up.channels();
      int n = up.width() * c;
      int[] table = noise;
      long bits = 0;
      int left = 0;
      if (perChannel || c == 1) {
        for (int i = 0; i < n; i++) {
          if (left == 0) {
            bits = random.nextLong();
            left = 5;
          }
          int v = dst[i] + table[(int) bits & GaussianTable.MASK];
          bits >>>= GaussianTable.BITS;
          left--;
          dst[i] = Math.max(0, Math.min(255, v));
        }
      } else if (c == 3) {
        for (int i = 0; i < n; i += 3) {
          if (left == 0) {
            bits = random.nextLong();
            left = 5;
          }
          int z = table[(int) bits & GaussianTable.MASK];
          bits >>>= GaussianTable.BITS;
          left--;
          dst[i] = Math.max(0, Math.min(255, dst[i] + z));
          dst[i + 1] = Math.max(0, Math.min(255, dst[i + 1] + z));
          dst[i + 2] = Math.max(0, Math.min(255, dst[i + 2] + z));
        }
      } else {
        for (int i = 0; i < n; i += c) {
          if (left == 0) {
            bits = random.nextLong();
            left = 5;
          }
          int z = table[(int) bits & GaussianTable.MASK];
          bits >>>= GaussianTable.BITS;
          left--;
          for (int k = i; k < i + c; k++) {
            dst[k] = Math.max(0, Math.min(255, dst[k] + z));
          }
        }
      }
    }
  }
}
