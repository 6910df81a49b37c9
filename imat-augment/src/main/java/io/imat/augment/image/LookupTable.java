package io.imat.augment.image;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A per-value mapping of 8-bit pixels, one 256-entry table for all channels or one per channel: the
 * exact form of any point operation on {@code uint8} (contrast, brightness, gamma), as imgaug's
 * {@code apply_lut}. Two consecutive tables compose into one with {@link #andThen}, so a chain of
 * point operations costs one lookup per value.
 */
public final class LookupTable implements RowFilter {
  // tables[0] applies to every channel when tables.length == 1.
  private final int[][] tables;

  private LookupTable(int[][] tables) {
    this.tables = tables;
  }

  /**
   * The table {@code v -> clamp(round(f(v)))} for every channel.
   *
   * @param f maps a value in {@code [0, 255]} to any double; results are rounded and clipped
   */
  public static LookupTable of(java.util.function.DoubleUnaryOperator f) {
    int[] t = new int[256];
    for (int v = 0; v < 256; v++) {
      t[v] = clamp(f.applyAsDouble(v));
    }
    return new LookupTable(new int[][] {t});
  }

  /** The table {@code v -> f(v)} for every channel; {@code f} must return values in [0, 255]. */
  public static LookupTable ofInts(IntUnaryOperator f) {
    int[] t = new int[256];
    for (int v = 0; v < 256; v++) {
      t[v] = check(f.applyAsInt(v));
    }
    return new LookupTable(new int[][] {t});
  }

  /**
   * One table per channel, each {@code 256} values in {@code [0, 255]} (copied).
   *
   * @throws IllegalArgumentException on a table of the wrong length or with a bad value
   */
  public static LookupTable perChannel(int[]... tables) {
    if (tables.length == 0) {
      throw new IllegalArgumentException("need at least one table");
    }
    int[][] copy = new int[tables.length][];
    for (int c = 0; c < tables.length; c++) {
      if (tables[c].length != 256) {
        throw new IllegalArgumentException(
            "a lookup table has 256 entries, got " + tables[c].length);
      }
      copy[c] = tables[c].clone();
      for (int v : copy[c]) {
        check(v);
      }
    }
    return new LookupTable(copy);
  }

  private static int clamp(double v) {
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException("lookup function returned NaN");
    }
    return (int) Math.max(0, Math.min(255, Math.rint(v)));
  }

  private static int check(int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException("lookup values must be in [0, 255], got " + v);
    }
    return v;
  }

  /** Number of tables: 1 (shared by all channels) or the channel count. */
  public int tableCount() {
    return tables.length;
  }

  /** The value {@code v} maps to in channel {@code c}. */
  public int map(int c, int v) {
    return tables[tables.length == 1 ? 0 : c][v];
  }

  /**
   * The table applying this one, then {@code next}.
   *
   * @throws IllegalArgumentException if both are per-channel with different channel counts
   */
  public LookupTable andThen(LookupTable next) {
    int count = Math.max(tables.length, next.tables.length);
    if (tables.length > 1 && next.tables.length > 1 && tables.length != next.tables.length) {
      throw new IllegalArgumentException(
          "cannot compose tables for "
              + tables.length
              + " and "
              + next.tables.length
              + " channels");
    }
    int[][] out = new int[count][256];
    for (int c = 0; c < count; c++) {
      for (int v = 0; v < 256; v++) {
        out[c][v] = next.map(c, map(c, v));
      }
    }
    return new LookupTable(out);
  }

  @Override
  public RowSource connect(RowSource upstream) {
    checkChannels(upstream.channels());
    return new Applied(upstream);
  }

  void checkChannels(int channels) {
    if (tables.length != 1 && tables.length != channels) {
      throw new IllegalArgumentException(
          "lookup table for " + tables.length + " channels on a " + channels + "-channel image");
    }
  }

  /** The tables as bytes, for packing: one shared table, or one per channel. */
  byte[][] byteTables(int channels) {
    byte[][] out = new byte[tables.length][256];
    for (int t = 0; t < tables.length; t++) {
      for (int v = 0; v < 256; v++) {
        out[t][v] = (byte) tables[t][v];
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupTable && Arrays.deepEquals(((LookupTable) o).tables, tables);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(tables);
  }

  @Override
  public String toString() {
    return "LookupTable[" + tables.length + " table(s)]";
  }

  private final class Applied implements RowSource {
    private final RowSource up;

    Applied(RowSource up) {
      this.up = up;
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
      int n = up.width() * up.channels();
      if (tables.length == 1) {
        int[] t = tables[0];
        for (int i = 0; i < n; i++) {
          dst[i] = t[dst[i]];
        }
      } else {
        int ch = tables.length;
        for (int c = 0; c < ch; c++) {
          int[] t = tables[c];
          for (int i = c; i < n; i += ch) {
            dst[i] = t[dst[i]];
          }
        }
      }
    }
  }
}
