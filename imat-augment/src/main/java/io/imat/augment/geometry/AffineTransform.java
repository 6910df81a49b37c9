package io.imat.augment.geometry;

/**
 * An immutable 2-D affine map {@code (x, y) -> (a·x + b·y + c, d·x + e·y + f)}.
 *
 * <p>Augmenters express every geometric change as one of these, in <em>continuous pixel
 * coordinates</em>: pixel {@code (i, j)} covers the square {@code [i, i+1) × [j, j+1)}, so its
 * centre is {@code (i + 0.5, j + 0.5)} and an image of width {@code w} spans {@code [0, w]}. This
 * is imgaug's keypoint convention; it makes a horizontal flip exactly {@code x -> w - x}.
 */
public final class AffineTransform {
  private static final AffineTransform IDENTITY = new AffineTransform(1, 0, 0, 0, 1, 0);

  private final double a;
  private final double b;
  private final double c;
  private final double d;
  private final double e;
  private final double f;

  private AffineTransform(double a, double b, double c, double d, double e, double f) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.e = e;
    this.f = f;
  }

  /**
   * The map {@code (x, y) -> (a·x + b·y + c, d·x + e·y + f)}.
   *
   * @throws IllegalArgumentException if a coefficient is NaN or infinite
   */
  public static AffineTransform of(double a, double b, double c, double d, double e, double f) {
    for (double v : new double[] {a, b, c, d, e, f}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "affine coefficients must be finite, got "
                + java.util.Arrays.toString(new double[] {a, b, c, d, e, f}));
      }
    }
    return new AffineTransform(a, b, c, d, e, f);
  }

  /** The identity map. */
  public static AffineTransform identity() {
    return IDENTITY;
  }

  /** Translation by {@code (tx, ty)}. */
  public static AffineTransform translation(double tx, double ty) {
    return of(1, 0, tx, 0, 1, ty);
  }

  /** Scaling about the origin by {@code sx} horizontally and {@code sy} vertically. */
  public static AffineTransform scaling(double sx, double sy) {
    return of(sx, 0, 0, 0, sy, 0);
  }

  /**
   * Rotation about the origin by {@code radians}. In image coordinates (y pointing down) a positive
   * angle turns the picture clockwise, as in imgaug.
   */
  public static AffineTransform rotation(double radians) {
    double cos = Math.cos(radians);
    double sin = Math.sin(radians);
    return of(cos, -sin, 0, sin, cos, 0);
  }

  /**
   * The linear part of scikit-image's {@code AffineTransform(scale, rotation, shear)}, which imgaug
   * uses: {@code [[sx·cos r, −sy·sin(r+s)], [sx·sin r, sy·cos(r+s)]]}.
   */
  public static AffineTransform scaleRotateShear(
      double sx, double sy, double rotationRadians, double shearRadians) {
    return of(
        sx * Math.cos(rotationRadians),
        -sy * Math.sin(rotationRadians + shearRadians),
        0,
        sx * Math.sin(rotationRadians),
        sy * Math.cos(rotationRadians + shearRadians),
        0);
  }

  /** Returns the map that applies this one first, then {@code next}. */
  public AffineTransform then(AffineTransform next) {
    return new AffineTransform(
        next.a * a + next.b * d,
        next.a * b + next.b * e,
        next.a * c + next.b * f + next.c,
        next.d * a + next.e * d,
        next.d * b + next.e * e,
        next.d * c + next.e * f + next.f);
  }

  /** The determinant of the linear part; zero means the map collapses the plane. */
  public double determinant() {
    return a * e - b * d;
  }

  /**
   * The inverse map.
   *
   * @throws IllegalStateException if the map is singular (it has no inverse)
   */
  public AffineTransform inverse() {
    double det = determinant();
    if (det == 0 || !Double.isFinite(1 / det)) {
      throw new IllegalStateException("singular affine transform has no inverse: " + this);
    }
    double ia = e / det;
    double ib = -b / det;
    double id = -d / det;
    double ie = a / det;
    return new AffineTransform(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
  }

  /** The x coordinate of the image of {@code (x, y)}. */
  public double mapX(double x, double y) {
    return a * x + b * y + c;
  }

  /** The y coordinate of the image of {@code (x, y)}. */
  public double mapY(double x, double y) {
    return d * x + e * y + f;
  }

  /** The image of {@code point}. */
  public Keypoint map(Keypoint point) {
    return Keypoint.of(mapX(point.x(), point.y()), mapY(point.x(), point.y()));
  }

  /**
   * The image of {@code box}: the smallest axis-aligned box around its four mapped corners (exact
   * for flips, crops and scaling; a bound for rotations and shears, as in imgaug).
   */
  public BoundingBox map(BoundingBox box) {
    double x1 = Double.POSITIVE_INFINITY;
    double y1 = Double.POSITIVE_INFINITY;
    double x2 = Double.NEGATIVE_INFINITY;
    double y2 = Double.NEGATIVE_INFINITY;
    double[] xs = {box.x1(), box.x2()};
    double[] ys = {box.y1(), box.y2()};
    for (double x : xs) {
      for (double y : ys) {
        double mx = mapX(x, y);
        double my = mapY(x, y);
        x1 = Math.min(x1, mx);
        y1 = Math.min(y1, my);
        x2 = Math.max(x2, mx);
        y2 = Math.max(y2, my);
      }
    }
    return BoundingBox.of(x1, y1, x2, y2);
  }

  /** Coefficient {@code a} (x from x). */
  public double a() {
    return a;
  }

  /** Coefficient {@code b} (x from y). */
  public double b() {
    return b;
  }

  /** Coefficient {@code c} (x offset). */
  public double c() {
    return c;
  }

  /** Coefficient {@code d} (y from x). */
  public double d() {
    return d;
  }

  /** Coefficient {@code e} (y from y). */
  public double e() {
    return e;
  }

  /** Coefficient {@code f} (y offset). */
  public double f() {
    return f;
  }

  /** Whether every coefficient is within {@code tolerance} of {@code other}'s. */
  public boolean isCloseTo(AffineTransform other, double tolerance) {
    return Math.abs(a - other.a) <= tolerance
        && Math.abs(b - other.b) <= tolerance
        && Math.abs(c - other.c) <= tolerance
        && Math.abs(d - other.d) <= tolerance
        && Math.abs(e - other.e) <= tolerance
        && Math.abs(f - other.f) <= tolerance;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AffineTransform)) {
      return false;
    }
    AffineTransform t = (AffineTransform) o;
    return Double.compare(a, t.a) == 0
        && Double.compare(b, t.b) == 0
        && Double.compare(c, t.c) == 0
        && Double.compare(d, t.d) == 0
        && Double.compare(e, t.e) == 0
        && Double.compare(f, t.f) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(new double[] {a, b, c, d, e, f});
  }

  @Override
  public String toString() {
    return "AffineTransform[[" + a + ", " + b + ", " + c + "], [" + d + ", " + e + ", " + f + "]]";
  }
}
