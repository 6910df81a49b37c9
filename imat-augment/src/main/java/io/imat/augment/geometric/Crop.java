package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Crops each side by a random amount, imgaug's {@code Crop}: in percent of the side length ({@code
 * Crop(percent=(0, 0.1))}) or in pixels ({@code Crop(px=(0, 16))}), with each side drawn
 * independently by default. With {@code keepSize} (the default) the crop is resized back to the
 * original size as imgaug 0.4.0 does it: {@code cv2.resize} with the interpolation imgaug picks
 * when none is named, area (what it picks to enlarge), reading only the crop window.
 *
 * <p>Percentages become pixels as in imgaug, {@code np.round(side · percent)} (half to even); a
 * constant amount is multiplied in single precision, as imgaug's {@code Deterministic} parameter
 * draws {@code float32}. If the sides would leave nothing, imgaug's rule gives back rows and
 * columns (half to each side, the odd one to the top or right) so that one remains.
 */
public final class Crop implements Augmenter {
  private final boolean percent;
  private final Param top;
  private final Param right;
  private final Param bottom;
  private final Param left;
  private final boolean keepSize;
  private final boolean sampleIndependently;
  private final Interpolation interpolation;

  private Crop(Builder b) {
    this.percent = b.percent;
    this.top = b.top;
    this.right = b.right;
    this.bottom = b.bottom;
    this.left = b.left;
    this.keepSize = b.keepSize;
    this.sampleIndependently = b.sampleIndependently;
    this.interpolation = b.interpolation;
  }

  /** A builder; set amounts with {@code percent(…)} or {@code px(…)}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    int w = canvas.width();
    int h = canvas.height();
    double t = top.sample(random);
    double r = sampleIndependently ? right.sample(random) : t;
    double b = sampleIndependently ? bottom.sample(random) : t;
    double l = sampleIndependently ? left.sample(random) : t;
    int ct = amount(top, h, t);
    int cr = amount(right, w, r);
    int cb = amount(bottom, h, b);
    int cl = amount(left, w, l);
    // imgaug's _crop_prevent_zero_size.
    if (h - (ct + cb) < 1) {
      int[] kept = regain(ct, cb, h - (ct + cb));
      ct = kept[0];
      cb = kept[1];
    }
    if (w - (cl + cr) < 1) {
      int[] kept = regain(cr, cl, w - (cl + cr));
      cr = kept[0];
      cl = kept[1];
    }
    if (ct == 0 && cr == 0 && cb == 0 && cl == 0) {
      return;
    }
    int cw = w - cl - cr;
    int chh = h - ct - cb;
    canvas.transform(AffineTransform.translation(-cl, -ct), cw, chh);
    if (keepSize) {
      canvas.transform(
          AffineTransform.scaling((double) w / cw, (double) h / chh),
          w,
          h,
          interpolation != null ? interpolation : Interpolation.AREA);
    }
  }

  private int amount(Param side, int length, double v) {
    if (!percent) {
      return (int) v;
    }
    if (side.isConstant()) {
      return (int) Math.rint((float) length * (float) v);
    }
    return (int) Math.rint(length * v);
  }

  /**
   * imgaug's regain of {@code 1 − remaining} rows (or columns) from two sides {@code a} (top, or
   * right) and {@code b}: half each, the odd one to {@code a}, never more than a side cropped.
   */
  private static int[] regain(int a, int b, int remaining) {
    int regain = Math.abs(remaining) + 1;
    int ra = regain / 2;
    int rb = regain / 2;
    if (ra + rb < regain) {
      ra++;
    }
    if (ra > a) {
      rb += ra - a;
      ra = a;
    } else if (rb > b) {
      ra += rb - b;
      rb = b;
    }
    return new int[] {a - ra, b - rb};
  }

  @Override
  public String toString() {
    return "Crop("
        + (percent ? "percent" : "px")
        + "=["
        + top
        + ", "
        + right
        + ", "
        + bottom
        + ", "
        + left
        + "], keepSize="
        + keepSize
        + ")";
  }

  /** Configures a {@link Crop}. */
  public static final class Builder {
    private Boolean percentMode;
    private boolean percent;
    private Param top;
    private Param right;
    private Param bottom;
    private Param left;
    private boolean keepSize = true;
    private boolean sampleIndependently = true;
    private Interpolation interpolation;

    private Builder() {}

    /** Crops every side by a fraction drawn uniformly from {@code [lo, hi]}, e.g. (0, 0.1). */
    public Builder percent(double lo, double hi) {
      return percent(Param.uniform(lo, hi));
    }

    /** Crops every side by a fraction drawn from {@code all}. */
    public Builder percent(Param all) {
      return percent(all, all, all, all);
    }

    /**
     * Crops each side by its own fraction of the side length, each in {@code [0, 1)}.
     *
     * @throws IllegalArgumentException if a fraction could fall outside [0, 1)
     */
    public Builder percent(Param top, Param right, Param bottom, Param left) {
      for (Param p : new Param[] {top, right, bottom, left}) {
        Objects.requireNonNull(p).requireWithin(0, Math.nextDown(1.0), "crop percent");
      }
      return sides(true, top, right, bottom, left);
    }

    /** Crops every side by a whole number of pixels drawn uniformly from {@code [lo, hi]}. */
    public Builder px(int lo, int hi) {
      return px(Param.uniformInt(lo, hi));
    }

    /** Crops every side by a number of pixels drawn from {@code all} (fractions truncated). */
    public Builder px(Param all) {
      return px(all, all, all, all);
    }

    /**
     * Crops each side by its own number of pixels, each {@code >= 0}.
     *
     * @throws IllegalArgumentException if an amount could be negative
     */
    public Builder px(Param top, Param right, Param bottom, Param left) {
      for (Param p : new Param[] {top, right, bottom, left}) {
        Objects.requireNonNull(p).requireWithin(0, Image.MAX_SIDE, "crop px");
      }
      return sides(false, top, right, bottom, left);
    }

    private Builder sides(boolean isPercent, Param t, Param r, Param b, Param l) {
      if (percentMode != null) {
        throw new IllegalStateException("crop amounts were already set");
      }
      this.percentMode = isPercent;
      this.percent = isPercent;
      this.top = t;
      this.right = r;
      this.bottom = b;
      this.left = l;
      return this;
    }

    /** Whether to resize the crop back to the input size (default {@code true}). */
    public Builder keepSize(boolean keepSize) {
      this.keepSize = keepSize;
      return this;
    }

    /**
     * Whether each side draws its own amount (default {@code true}); if not, the top amount is used
     * for all four sides.
     */
    public Builder sampleIndependently(boolean independently) {
      this.sampleIndependently = independently;
      return this;
    }

    /**
     * Interpolation of the keep-size resize. Default: imgaug's choice when none is named, {@link
     * Interpolation#AREA} (a crop is always enlarged back).
     */
    public Builder interpolation(Interpolation interpolation) {
      this.interpolation = Objects.requireNonNull(interpolation);
      return this;
    }

    /**
     * The configured crop.
     *
     * @throws IllegalStateException if no amounts were set
     */
    public Crop build() {
      if (percentMode == null) {
        throw new IllegalStateException("set the crop amounts with percent(...) or px(...)");
      }
      return new Crop(this);
    }
  }
}
