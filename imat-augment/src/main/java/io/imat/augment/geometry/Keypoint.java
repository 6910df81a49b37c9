package io.imat.augment.geometry;

import com.google.auto.value.AutoValue;

/**
 * A point on an image in continuous pixel coordinates (see {@link AffineTransform}): the centre of
 * pixel {@code (i, j)} is {@code (i + 0.5, j + 0.5)}. Augmenters move keypoints exactly as they
 * move the pixels under them; a keypoint may end up outside the image, and is then kept (use {@link
 * #isInside(int, int)} to drop it), as imgaug does.
 */
@AutoValue
public abstract class Keypoint {
  Keypoint() {}

  /**
   * A keypoint at {@code (x, y)}.
   *
   * @throws IllegalArgumentException if a coordinate is NaN or infinite
   */
  public static Keypoint of(double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("keypoint coordinates must be finite: " + x + ", " + y);
    }
    return new AutoValue_Keypoint(x, y);
  }

  /** The horizontal coordinate. */
  public abstract double x();

  /** The vertical coordinate (pointing down). */
  public abstract double y();

  /** Whether the point lies on an image of the given size, i.e. in {@code [0, w) × [0, h)}. */
  public boolean isInside(int width, int height) {
    return x() >= 0 && y() >= 0 && x() < width && y() < height;
  }
}
