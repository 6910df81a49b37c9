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
 * original size, in the same resampling pass as any neighbouring geometric augmenter.
 *
 * <p>Percentages become pixels as in imgaug, {@code int(side · percent)}; if the sides would leave
 * nothing, they are reduced so that at least one row and column remain.
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
    int ct = percent ? (int) (h * t) : (int) t;
    int cr = percent ? (int) (w * r) : (int) r;
    int cb = percent ? (int) (h * b) : (int) b;
    int cl = percent ? (int) (w * l) : (int) l;
    // Keep at least one pixel, taking the excess from the larger side first.
    while (ct + cb > h - 1) {
      if (ct >= cb) {
        ct--;
      } else {
        cb--;
      }
    }
    while (cl + cr > w - 1) {
      if (cl >= cr) {
        cl--;
      } else {
        cr--;
      }
    }
    if (ct == 0 && cr == 0 && cb == 0 && cl == 0) {
      return;
    }
    int cw = w - cl - cr;
    int chh = h - ct - cb;
    AffineTransform shift = AffineTransform.translation(-cl, -ct);
    if (keepSize) {
      canvas.transform(
          shift.then(AffineTransform.scaling((double) w / cw, (double) h / chh)),
          w,
          h,
          interpolation);
    } else {
      canvas.transform(shift, cw, chh);
    }
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
    private Interpolation interpolation = Interpolation.BILINEAR;

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

    /** Interpolation of the keep-size resize (default bilinear). */
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
