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
  // Fixed point of linear(gain, offset): 16 fractional bits, rounded half to even.
  private static final int FRACTION_BITS = 16;
  private static final double SCALE = 1 << FRACTION_BITS;
  private static final int HALF = 1 << (FRACTION_BITS - 1);
  private static final int FRACTION_MASK = (1 << FRACTION_BITS) - 1;
  // Most fractional bits of the arithmetic form (more bits: more tables reproducible exactly).
  private static final int MAX_SHIFT = 22;

  // tables[0] applies to every channel when tables.length == 1.
  private final int[][] tables;
  // For tables that lie on a line, v -> clamp((gain·v + offset) >> shift): the same values as the
  // table, computed with arithmetic that the JIT vectorises (a lookup per value is not).
  private final boolean linear;
  private final int gain;
  private final int offset;
  private final int shift;

  private LookupTable(int[][] tables) {
    this(tables, false, 0, 0, 0);
  }

  private LookupTable(int[][] tables, boolean linear, int gain, int offset, int shift) {
    this.tables = tables;
    this.linear = linear;
    this.gain = gain;
    this.offset = offset;
    this.shift = shift;
  }

  /**
   * The table {@code v -> clamp(round(gain·v + offset))} for every channel, computed in 16.16 fixed
   * point and rounded half to even (as numpy rounds).
   *
   * @throws IllegalArgumentException if {@code gain} or {@code offset} is not finite
   */
  public static LookupTable linear(double gain, double offset) {
    if (!Double.isFinite(gain) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "linear table needs finite gain and offset, got " + gain + ", " + offset);
    }
    long g = Math.round(gain * SCALE);
    long o = Math.round(offset * SCALE);
    int[] t = new int[256];
    for (int v = 0; v < 256; v++) {
      long x = g * v + o;
      long q = Math.floorDiv(x + HALF, 1L << FRACTION_BITS);
      if ((x & FRACTION_MASK) == HALF && (q & 1) == 1) {
        q--; // a tie goes to the even neighbour
      }
      t[v] = (int) Math.max(0, Math.min(255, q));
    }
    return onLine(t, gain);
  }

  /**
   * The table {@code t} (256 values in {@code [0, 255]}, copied) for every channel, whose values
   * lie on a line of slope about {@code slope} up to their rounding, such as a brightness or
   * contrast table built the way a reference library builds it. When some fixed-point line {@code
   * clamp((g·v + o) >> s)} reproduces every entry exactly, the table is applied with that
   * vectorised arithmetic instead of a lookup per value; the results are the table's either way.
   *
   * @throws IllegalArgumentException on a table of the wrong length or with a bad value
   */
  public static LookupTable onLine(int[] t, double slope) {
    int[] table = perChannel(t).tables[0];
    if (Double.isFinite(slope)) {
      for (int s = MAX_SHIFT; s >= 8; s--) {
        // The arithmetic must stay inside an int for every v in [0, 255].
        if ((Math.abs(slope) + 1) * 256 * (1L << s) >= Integer.MAX_VALUE / 2) {
          continue;
        }
        long g0 = Math.round(slope * (1L << s));
        for (long g = g0 - 2; g <= g0 + 2; g++) {
          long o = fitOffset(table, g, s);
          if (o != Long.MIN_VALUE) {
            return new LookupTable(new int[][] {table}, true, (int) g, (int) o, s);
          }
        }
        break;
      }
    }
    return new LookupTable(new int[][] {table});
  }

  /**
   * An offset {@code o} with {@code clamp((g·v + o) >> s) == t[v]} for every v, or {@code
   * Long.MIN_VALUE} if there is none (for this g).
   */
  private static long fitOffset(int[] t, long g, int s) {
    long one = 1L << s;
    long lo = Long.MIN_VALUE / 4;
    long hi = Long.MAX_VALUE / 4;
    for (int v = 0; v < 256; v++) {
      long gv = g * v;
      if (t[v] > 0) {
        lo = Math.max(lo, t[v] * one - gv);
      }
      if (t[v] < 255) {
        hi = Math.min(hi, t[v] * one + one - 1 - gv);
      }
    }
    if (lo > hi) {
      return Long.MIN_VALUE;
    }
    long o = lo <= 0 && 0 <= hi ? 0 : (lo > 0 ? lo : hi);
    long end = g * 255 + o;
    boolean fits = Math.abs(o) < Integer.MAX_VALUE / 2 && Math.abs(end) < Integer.MAX_VALUE / 2;
    return fits ? o : Long.MIN_VALUE;
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

  /** Whether the table is applied with arithmetic rather than lookups (see {@link #linear}). */
  public boolean isLinear() {
    return linear;
  }

  /**
   * Maps {@code row[0 .. n)} in place. Relies on the values being in {@code [0, 255]}; the caller
   * has checked the channel count.
   */
  private void applyInPlace(int[] row, int n) {
    if (linear) {
      int g = gain;
      int o = offset;
      int sh = shift;
      for (int i = 0; i < n; i++) {
        // Branch-free, so that C2 vectorises it.
        row[i] = InPlaceRows.clipToByte((row[i] * g + o) >> sh);
      }
    } else if (tables.length == 1) {
      int[] t = tables[0];
      for (int i = 0; i < n; i++) {
        row[i] = t[row[i]];
      }
    } else {
      int ch = tables.length;
      for (int c = 0; c < ch; c++) {
        int[] t = tables[c];
        for (int i = c; i < n; i += ch) {
          row[i] = t[row[i]];
        }
      }
    }
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

  private final class Applied extends InPlaceRows {
    Applied(RowSource up) {
      super(up);
    }

    @Override
    protected void apply(int[] row, int n) {
      applyInPlace(row, n);
    }
  }
}
