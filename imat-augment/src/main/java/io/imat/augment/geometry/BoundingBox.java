package io.imat.augment.geometry;

import com.google.auto.value.AutoValue;
import java.util.Optional;

/**
 * An axis-aligned box {@code [x1, x2] × [y1, y2]} in continuous pixel coordinates (see {@link
 * AffineTransform}); the box around a whole {@code w × h} image is {@code (0, 0, w, h)}. After a
 * rotation or shear a box becomes the smallest axis-aligned box around its rotated corners, as in
 * imgaug. Boxes carry no label: the augmenters keep their order, so callers keep labels by index.
 */
@AutoValue
public abstract class BoundingBox {
  BoundingBox() {}

  /**
   * The box with corners {@code (x1, y1)} (top left) and {@code (x2, y2)} (bottom right).
   *
   * @throws IllegalArgumentException if a coordinate is not finite or the corners are swapped
   */
  public static BoundingBox of(double x1, double y1, double x2, double y2) {
    if (!Double.isFinite(x1)
        || !Double.isFinite(y1)
        || !Double.isFinite(x2)
        || !Double.isFinite(y2)) {
      throw new IllegalArgumentException(
          "box coordinates must be finite: " + x1 + ", " + y1 + ", " + x2 + ", " + y2);
    }
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          "box corners must satisfy x1 <= x2 and y1 <= y2: "
              + x1
              + ", "
              + y1
              + ", "
              + x2
              + ", "
              + y2);
    }
    return new AutoValue_BoundingBox(x1, y1, x2, y2);
  }

  /** Left edge. */
  public abstract double x1();

  /** Top edge. */
  public abstract double y1();

  /** Right edge. */
  public abstract double x2();

  /** Bottom edge. */
  public abstract double y2();

  /** Width {@code x2 - x1}. */
  public double width() {
    return x2() - x1();
  }

  /** Height {@code y2 - y1}. */
  public double height() {
    return y2() - y1();
  }

  /** Area; zero for a degenerate box. */
  public double area() {
    return width() * height();
  }

  /**
   * The part of this box on a {@code width × height} image; empty when none of it is (a box pushed
   * out of the picture by a translation).
   */
  public Optional<BoundingBox> clipTo(int width, int height) {
    double cx1 = Math.max(0, x1());
    double cy1 = Math.max(0, y1());
    double cx2 = Math.min(width, x2());
    double cy2 = Math.min(height, y2());
    if (cx2 <= cx1 || cy2 <= cy1) {
      return Optional.empty();
    }
    return Optional.of(of(cx1, cy1, cx2, cy2));
  }
}
