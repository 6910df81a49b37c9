package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.image.FillMode;
import io.imat.augment.image.Interpolation;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Scales, translates, rotates and shears about the image centre, imgaug's {@code Affine} (with
 * {@code fit_output=False}): the output keeps the input size, and uncovered areas are filled with a
 * constant (default black, imgaug's {@code mode="constant", cval=0}) or the edge pixels.
 *
 * <p>The matrix is imgaug 0.4.0's, computed as imgaug computes it: shift the centre to the origin,
 * shear along y (as an x-shear between rotations by ∓3.141592/2, imgaug's constant), then
 * scikit-image's {@code AffineTransform(scale, rotation, shear, translation)}, then shift back; the
 * pixels are sampled with {@code cv2.warpAffine}'s arithmetic on the matrix imgaug hands it, so a
 * single Affine gives imgaug's bytes. Angles are in degrees; a positive rotation turns the picture
 * clockwise. Every parameter is drawn once per image; a drawn fill value is truncated to an
 * integer, as imgaug does.
 */
public final class Affine implements Augmenter {
  private final Param scaleX;
  private final Param scaleY;
  private final boolean sameScale;
  private final Param translateX;
  private final Param translateY;
  private final boolean translatePercent;
  private final Param rotate;
  private final Param shearX;
  private final Param shearY;
  private final boolean shearBoth;
  private final Interpolation interpolation;
  private final boolean edgeFill;
  private final Param cval;

  private Affine(Builder b) {
    this.scaleX = b.scaleX;
    this.scaleY = b.scaleY;
    this.sameScale = b.sameScale;
    this.translateX = b.translateX;
    this.translateY = b.translateY;
    this.translatePercent = b.translatePercent;
    this.rotate = b.rotate;
    this.shearX = b.shearX;
    this.shearY = b.shearY;
    this.shearBoth = b.shearBoth;
    this.interpolation = b.interpolation;
    this.edgeFill = b.edgeFill;
    this.cval = b.cval;
  }

  /** A builder for the identity transform; set the ranges you need. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    double sx = scaleX.sample(random);
    double sy = sameScale ? sx : scaleY.sample(random);
    double tx = translateX.sample(random);
    double ty = translateY.sample(random);
    double rot = Math.toRadians(rotate.sample(random));
    double shx = Math.toRadians(shearX.sample(random));
    double shy = shearBoth ? shx : Math.toRadians(shearY.sample(random));
    int fill = (int) cval.sample(random);
    int w = canvas.width();
    int h = canvas.height();
    // imgaug's pixel offsets: a fraction of the side, or pixels via (px / side) · side.
    tx = translatePercent ? tx * w : tx / w * w;
    ty = translatePercent ? ty * h : ty / h * h;
    AffineTransform pixels =
        imgaugMatrix(w / 2.0 - 0.5, h / 2.0 - 0.5, sx, sy, tx, ty, rot, shx, shy);
    if (isNearIdentity(pixels)) {
      return; // imgaug leaves the image as it is: no resampling, no fill
    }
    canvas.transform(
        matrix(w, h, sx, sy, tx, ty, rot, shx, shy),
        pixels,
        w,
        h,
        interpolation,
        edgeFill ? FillMode.edge() : FillMode.constant(fill));
  }

  /**
   * The forward map of one draw, in continuous pixel coordinates, for a {@code w × h} image.
   * Translations are in pixels; angles in radians.
   */
  public static AffineTransform matrix(
      int w,
      int h,
      double sx,
      double sy,
      double tx,
      double ty,
      double rot,
      double shx,
      double shy) {
    return imgaugMatrix(w / 2.0, h / 2.0, sx, sy, tx, ty, rot, shx, shy);
  }

  /**
   * imgaug 0.4.0's {@code _AffineSamplingResult.to_matrix} about the centre {@code (cx, cy)}: the
   * product of its six 3×3 matrices, multiplied in its order. With the centre in pixel indices
   * ({@code w/2 − ½}) it is the matrix imgaug gives OpenCV; in continuous coordinates ({@code w/2})
   * the one it moves keypoints with.
   */
  static AffineTransform imgaugMatrix(
      double cx,
      double cy,
      double sx,
      double sy,
      double tx,
      double ty,
      double rot,
      double shx,
      double shy) {
    final double quarter = 3.141592 / 2; // imgaug's constant, not Math.PI / 2
    double[] m = {1, 0, -cx, 0, 1, -cy};
    m = times(srs(1, 1, -quarter, 0, 0, 0), m);
    m = times(srs(1, 1, 0, shy, 0, 0), m);
    m = times(srs(1, 1, quarter, 0, 0, 0), m);
    m = times(srs(sx, sy, rot, shx, tx, ty), m);
    m = times(new double[] {1, 0, cx, 0, 1, cy}, m);
    return AffineTransform.of(m[0], m[1], m[2], m[3], m[4], m[5]);
  }

  /** scikit-image's {@code AffineTransform(scale, rotation, shear, translation)} parameters. */
  private static double[] srs(
      double sx, double sy, double rot, double shear, double tx, double ty) {
    return new double[] {
      sx * Math.cos(rot),
      -sy * Math.sin(rot + shear),
      tx,
      sx * Math.sin(rot),
      sy * Math.cos(rot + shear),
      ty
    };
  }

  /** {@code a · b} for affine 3×3 matrices stored as their top two rows. */
  private static double[] times(double[] a, double[] b) {
    return new double[] {
      a[0] * b[0] + a[1] * b[3],
      a[0] * b[1] + a[1] * b[4],
      a[0] * b[2] + a[1] * b[5] + a[2],
      a[3] * b[0] + a[4] * b[3],
      a[3] * b[1] + a[4] * b[4],
      a[3] * b[2] + a[4] * b[5] + a[5]
    };
  }

  /** imgaug's {@code _is_identity_matrix}: mean absolute difference to the identity ≤ 1e-4. */
  private static boolean isNearIdentity(AffineTransform t) {
    double d =
        Math.abs(1 - t.a())
            + Math.abs(t.b())
            + Math.abs(t.c())
            + Math.abs(t.d())
            + Math.abs(1 - t.e())
            + Math.abs(t.f());
    return d / 9 <= 1e-4;
  }

  @Override
  public String toString() {
    return "Affine(scale="
        + (sameScale ? scaleX : "(" + scaleX + ", " + scaleY + ")")
        + ", translate"
        + (translatePercent ? "Percent" : "Px")
        + "=("
        + translateX
        + ", "
        + translateY
        + "), rotate="
        + rotate
        + ", shear=("
        + shearX
        + (shearBoth ? " on both axes" : "")
        + ", "
        + shearY
        + "), "
        + interpolation
        + ", fill="
        + (edgeFill ? "edge" : cval)
        + ")";
  }

  /** Configures an {@link Affine}; every range defaults to the identity. */
  public static final class Builder {
    private static final Param ZERO = Param.constant(0);
    private static final Param ONE = Param.constant(1);

    private Param scaleX = ONE;
    private Param scaleY = ONE;
    private boolean sameScale = true;
    private Param translateX = ZERO;
    private Param translateY = ZERO;
    private boolean translatePercent = true;
    private Param rotate = ZERO;
    private Param shearX = ZERO;
    private Param shearY = ZERO;
    private boolean shearBoth;
    private Interpolation interpolation = Interpolation.BILINEAR;
    private boolean edgeFill;
    private Param cval = ZERO;

    private Builder() {}

    /** Zoom drawn uniformly from {@code [lo, hi]}, the same on both axes (e.g. 0.9, 1.1). */
    public Builder scale(double lo, double hi) {
      return scale(Param.uniform(lo, hi));
    }

    /**
     * Zoom drawn from {@code scale}, the same on both axes.
     *
     * @throws IllegalArgumentException if a zoom could be {@code <= 0}
     */
    public Builder scale(Param scale) {
      this.scaleX = Objects.requireNonNull(scale).requirePositive("scale");
      this.scaleY = scaleX;
      this.sameScale = true;
      return this;
    }

    /**
     * Independent zooms per axis (imgaug {@code scale={"x": …, "y": …}}).
     *
     * @throws IllegalArgumentException if a zoom could be {@code <= 0}
     */
    public Builder scale(Param x, Param y) {
      this.scaleX = Objects.requireNonNull(x).requirePositive("scale x");
      this.scaleY = Objects.requireNonNull(y).requirePositive("scale y");
      this.sameScale = false;
      return this;
    }

    /**
     * Shift as a fraction of the width and height (imgaug {@code translate_percent}).
     *
     * @throws IllegalArgumentException if a fraction could be outside [-10, 10]
     */
    public Builder translatePercent(Param x, Param y) {
      this.translateX = Objects.requireNonNull(x).requireWithin(-10, 10, "translate percent x");
      this.translateY = Objects.requireNonNull(y).requireWithin(-10, 10, "translate percent y");
      this.translatePercent = true;
      return this;
    }

    /** Shift in pixels (imgaug {@code translate_px}). */
    public Builder translatePx(Param x, Param y) {
      this.translateX = Objects.requireNonNull(x);
      this.translateY = Objects.requireNonNull(y);
      this.translatePercent = false;
      return this;
    }

    /** Rotation in degrees drawn uniformly from {@code [lo, hi]} (e.g. -15, 15). */
    public Builder rotate(double lo, double hi) {
      return rotate(Param.uniform(lo, hi));
    }

    /** Rotation in degrees; positive is clockwise on screen. */
    public Builder rotate(Param degrees) {
      this.rotate = Objects.requireNonNull(degrees);
      return this;
    }

    /**
     * Shear in degrees drawn uniformly from {@code [lo, hi]} (e.g. -8, 8), imgaug's {@code
     * shear=(lo, hi)}: as in imgaug 0.4.0, one angle per image shears along x <em>and</em> y.
     */
    public Builder shear(double lo, double hi) {
      return shear(Param.uniform(lo, hi));
    }

    /**
     * Shear in degrees, as imgaug 0.4.0 reads its {@code shear} argument: a {@linkplain
     * Param#constant constant} (imgaug's number) shears along x only; a range or choice (imgaug's
     * tuple or list) draws one angle per image and shears along x and y by it.
     *
     * @throws IllegalArgumentException if the angle could leave (-90, 90)
     */
    public Builder shear(Param degrees) {
      this.shearX = checkShear(degrees, "shear");
      this.shearY = ZERO;
      this.shearBoth = !degrees.isConstant();
      return this;
    }

    /**
     * Independent shears along x and y in degrees (imgaug {@code shear={"x": …, "y": …}}).
     *
     * @throws IllegalArgumentException if an angle could leave (-90, 90)
     */
    public Builder shear(Param x, Param y) {
      this.shearX = checkShear(x, "shear x");
      this.shearY = checkShear(y, "shear y");
      this.shearBoth = false;
      return this;
    }

    /**
     * Shear along y only, in degrees (imgaug {@code shear={"y": …}}).
     *
     * @throws IllegalArgumentException if the angle could leave (-90, 90)
     */
    public Builder shearY(Param degrees) {
      return shear(ZERO, degrees);
    }

    private static Param checkShear(Param degrees, String name) {
      // At ±90° the shear collapses the plane onto a line.
      return Objects.requireNonNull(degrees)
          .requireWithin(Math.nextUp(-90.0), Math.nextDown(90.0), name);
    }

    /**
     * Interpolation (default bilinear, imgaug {@code order=1}; {@link Interpolation#NEAREST} is
     * {@code order=0}, {@link Interpolation#CUBIC} {@code order=3}; area reads as bilinear, as in
     * OpenCV).
     */
    public Builder interpolation(Interpolation interpolation) {
      this.interpolation = Objects.requireNonNull(interpolation);
      return this;
    }

    /** Fill uncovered areas with {@code value} (default 0, black). */
    public Builder fillConstant(int value) {
      return fillConstant(Param.constant(value));
    }

    /**
     * Fill uncovered areas with a value drawn per image (imgaug {@code cval=(0, 255)}).
     *
     * @throws IllegalArgumentException if a value could be outside [0, 255]
     */
    public Builder fillConstant(Param value) {
      this.cval = Objects.requireNonNull(value).requireWithin(0, 255, "fill value");
      this.edgeFill = false;
      return this;
    }

    /** Fill uncovered areas by repeating the edge pixels (imgaug {@code mode="edge"}). */
    public Builder fillEdge() {
      this.edgeFill = true;
      return this;
    }

    /** The configured augmenter. */
    public Affine build() {
      return new Affine(this);
    }
  }
}
