package io.imat.augment.image;

/**
 * What a geometric warp writes where it reads outside its input: a constant value (imgaug {@code
 * mode="constant"}, {@code cval}) or the nearest edge pixel (imgaug {@code mode="edge"}).
 */
public final class FillMode {
  private static final FillMode EDGE = new FillMode(true, 0);

  private final boolean edge;
  private final int value;

  private FillMode(boolean edge, int value) {
    this.edge = edge;
    this.value = value;
  }

  /**
   * Fill with {@code value} in every channel.
   *
   * @throws IllegalArgumentException if {@code value} is outside {@code [0, 255]}
   */
  public static FillMode constant(int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException("fill value must be in [0, 255], got " + value);
    }
    return new FillMode(false, value);
  }

  /** Repeat the nearest edge pixel. */
  public static FillMode edge() {
    return EDGE;
  }

  /** Whether this mode repeats edge pixels rather than writing a constant. */
  public boolean isEdge() {
    return edge;
  }

  /** The constant written in every channel; meaningless for {@link #edge()}. */
  public int value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FillMode && ((FillMode) o).edge == edge && ((FillMode) o).value == value;
  }

  @Override
  public int hashCode() {
    return edge ? -1 : value;
  }

  @Override
  public String toString() {
    return edge ? "edge" : "constant(" + value + ")";
  }
}
