package io.imat.augment.pixel;

import io.imat.augment.image.InPlaceRows;
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

  private static final class Rows extends InPlaceRows {
    private final int[] noise;
    private final boolean perChannel;
    private final SplittableRandom random;
    // This row's noise, one value per channel value: the add-and-clip loop over two int arrays
    // is one the JIT vectorises.
    private final int[] row;

    Rows(RowSource up, int[] noise, boolean perChannel, SplittableRandom random) {
      super(up);
      this.noise = noise;
      this.perChannel = perChannel;
      this.random = random;
      this.row = new int[up.width() * up.channels()];
    }

    @Override
    protected void apply(int[] dst, int n) {
      int c = up.channels();
      int[] z = row;
      if (perChannel || c == 1) {
        drawEach(z, n);
      } else if (c == 3) {
        drawTriples(z, n / 3);
      } else {
        drawRepeated(z, n / c, c);
      }
      for (int i = 0; i < n; i++) {
        dst[i] = InPlaceRows.clipToByte(dst[i] + z[i]);
      }
    }

    // Five 12-bit table indices come from each 64 random bits.

    private void drawEach(int[] z, int n) {
      int[] t = noise;
      int i = 0;
      for (; i + 5 <= n; i += 5) {
        long bits = random.nextLong();
        z[i] = t[(int) bits & GaussianTable.MASK];
        z[i + 1] = t[(int) (bits >>> 12) & GaussianTable.MASK];
        z[i + 2] = t[(int) (bits >>> 24) & GaussianTable.MASK];
        z[i + 3] = t[(int) (bits >>> 36) & GaussianTable.MASK];
        z[i + 4] = t[(int) (bits >>> 48) & GaussianTable.MASK];
      }
      for (long bits = random.nextLong(); i < n; i++, bits >>>= GaussianTable.BITS) {
        z[i] = t[(int) bits & GaussianTable.MASK];
      }
    }

    private void drawTriples(int[] z, int pixels) {
      int[] t = noise;
      int p = 0;
      for (; p + 5 <= pixels; p += 5) {
        long bits = random.nextLong();
        int i = 3 * p;
        int a = t[(int) bits & GaussianTable.MASK];
        int b = t[(int) (bits >>> 12) & GaussianTable.MASK];
        int c = t[(int) (bits >>> 24) & GaussianTable.MASK];
        int d = t[(int) (bits >>> 36) & GaussianTable.MASK];
        int e = t[(int) (bits >>> 48) & GaussianTable.MASK];
        z[i] = a;
        z[i + 1] = a;
        z[i + 2] = a;
        z[i + 3] = b;
        z[i + 4] = b;
        z[i + 5] = b;
        z[i + 6] = c;
        z[i + 7] = c;
        z[i + 8] = c;
        z[i + 9] = d;
        z[i + 10] = d;
        z[i + 11] = d;
        z[i + 12] = e;
        z[i + 13] = e;
        z[i + 14] = e;
      }
      for (long bits = random.nextLong(); p < pixels; p++, bits >>>= GaussianTable.BITS) {
        int v = t[(int) bits & GaussianTable.MASK];
        z[3 * p] = v;
        z[3 * p + 1] = v;
        z[3 * p + 2] = v;
      }
    }

    private void drawRepeated(int[] z, int pixels, int c) {
      int[] t = noise;
      long bits = 0;
      for (int p = 0; p < pixels; p++) {
        if (p % 5 == 0) {
          bits = random.nextLong();
        }
        int v = t[(int) bits & GaussianTable.MASK];
        bits >>>= GaussianTable.BITS;
        for (int k = p * c; k < p * c + c; k++) {
          z[k] = v;
        }
      }
    }
  }
}
