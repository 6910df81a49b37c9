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
 * <p>The matrix is imgaug 0.4.0's: shift the centre to the origin, shear along y (as a rotated
 * x-shear), then scikit-image's {@code AffineTransform(scale, rotation, shear, translation)}, then
 * shift back. Angles are in degrees; a positive rotation turns the picture clockwise. Every
 * parameter is drawn once per image.
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
    double shy = Math.toRadians(shearY.sample(random));
    int fill = (int) Math.rint(cval.sample(random));
    if (sx == 1 && sy == 1 && tx == 0 && ty == 0 && rot == 0 && shx == 0 && shy == 0) {
      return; // exactly the identity: no resampling, no fill
    }
    int w = canvas.width();
    int h = canvas.height();
    if (translatePercent) {
      tx *= w;
      ty *= h;
    }
    canvas.transform(
        matrix(w, h, sx, sy, tx, ty, rot, shx, shy),
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
    double cx = w / 2.0;
    double cy = h / 2.0;
    AffineTransform t = AffineTransform.translation(-cx, -cy);
    if (shy != 0) {
      t =
          t.then(AffineTransform.rotation(-Math.PI / 2))
              .then(AffineTransform.scaleRotateShear(1, 1, 0, shy))
              .then(AffineTransform.rotation(Math.PI / 2));
    }
    return t.then(AffineTransform.scaleRotateShear(sx, sy, rot, shx))
        .then(AffineTransform.translation(tx + cx, ty + cy));
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

    /** Shear along x in degrees drawn uniformly from {@code [lo, hi]} (e.g. -8, 8). */
    public Builder shear(double lo, double hi) {
      return shear(Param.uniform(lo, hi));
    }

    /**
     * Shear along x in degrees (imgaug's {@code shear} number or tuple).
     *
     * @throws IllegalArgumentException if the angle could leave (-90, 90)
     */
    public Builder shear(Param degrees) {
      this.shearX = checkShear(degrees, "shear x");
      return this;
    }

    /**
     * Shear along y in degrees (imgaug {@code shear={"y": …}}).
     *
     * @throws IllegalArgumentException if the angle could leave (-90, 90)
     */
    public Builder shearY(Param degrees) {
      this.shearY = checkShear(degrees, "shear y");
      return this;
    }

    private static Param checkShear(Param degrees, String name) {
      // At ±90° the shear collapses the plane onto a line.
      return Objects.requireNonNull(degrees)
          .requireWithin(Math.nextUp(-90.0), Math.nextDown(90.0), name);
    }

    /** Interpolation (default bilinear, imgaug {@code order=1}). */
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
