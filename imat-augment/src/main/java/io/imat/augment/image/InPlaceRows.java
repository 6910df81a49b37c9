package io.imat.augment.image;

import java.util.Objects;

/**
 * A {@link RowSource} stage that changes its upstream's rows in place without changing their shape
 * (noise, a lookup table): it reads the upstream row into the caller's array, then {@link #apply
 * applies} itself there. Subclasses implement only the per-row work.
 */
public abstract class InPlaceRows implements RowSource {
  /** The stage this one reads from. */
  protected final RowSource up;

  /** A stage reading from {@code up}. */
  protected InPlaceRows(RowSource up) {
    this.up = Objects.requireNonNull(up);
  }

  /**
   * Clips {@code x} to {@code [0, 255]} with shifts and masks: unlike {@code Math.min/max}, loops
   * using this are vectorised by C2.
   */
  public static int clipToByte(int x) {
    x &= ~(x >> 31);
    return (x | ((255 - x) >> 31)) & 255;
  }

  @Override
  public final int width() {
    return up.width();
  }

  @Override
  public final int height() {
    return up.height();
  }

  @Override
  public final int channels() {
    return up.channels();
  }

  @Override
  public final void read(int y, int[] dst) {
    up.read(y, dst);
    apply(dst, up.width() * up.channels());
  }

  /** Changes the current row, {@code row[0 .. n)}, in place; values stay in {@code [0, 255]}. */
  protected abstract void apply(int[] row, int n);
}
