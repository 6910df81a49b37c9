package io.imat.augment.pixel;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Adds Gaussian noise {@code N(loc, scale²)} to every pixel and clips to [0, 255], imgaug's {@code
 * AdditiveGaussianNoise}. {@code loc} and {@code scale} are drawn once per image; by default one
 * noise value is shared by the channels of a pixel (grey noise), or, with {@code perChannel}, each
 * channel gets its own (colour noise). The noise values come from a 4096-level table of normal
 * quantiles (see the package notes) and are rounded to whole pixel values.
 */
public final class AdditiveGaussianNoise implements Augmenter {
  private final Param loc;
  private final Param scale;
  private final double perChannel;

  private AdditiveGaussianNoise(Builder b) {
    this.loc = b.loc;
    this.scale = b.scale;
    this.perChannel = b.perChannel;
  }

  /** A builder with imgaug's defaults: {@code loc=0}, {@code scale=(0, 15)}, grey noise. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    double l = loc.sample(random);
    double s = scale.sample(random);
    boolean colour = random.nextDouble() < perChannel;
    long seed = random.nextLong();
    if (s == 0 && l == 0) {
      return;
    }
    canvas.filter(new NoiseFilter(l, s, colour, seed));
  }

  @Override
  public String toString() {
    return "AdditiveGaussianNoise(loc="
        + loc
        + ", scale="
        + scale
        + ", perChannel="
        + perChannel
        + ")";
  }

  /** Configures an {@link AdditiveGaussianNoise}. */
  public static final class Builder {
    private Param loc = Param.constant(0);
    private Param scale = Param.uniform(0, 15);
    private double perChannel;

    private Builder() {}

    /** Mean of the noise, drawn per image (default 0). */
    public Builder loc(Param loc) {
      this.loc = Objects.requireNonNull(loc).requireWithin(-255, 255, "noise loc");
      return this;
    }

    /** Standard deviation drawn uniformly from {@code [lo, hi]} (e.g. 0, 0.05·255). */
    public Builder scale(double lo, double hi) {
      return scale(Param.uniform(lo, hi));
    }

    /**
     * Standard deviation of the noise in pixel values, drawn per image.
     *
     * @throws IllegalArgumentException if it could be negative or above 255
     */
    public Builder scale(Param scale) {
      this.scale = Objects.requireNonNull(scale).requireWithin(0, 255, "noise scale");
      return this;
    }

    /** Whether each channel gets its own noise (default {@code false}). */
    public Builder perChannel(boolean perChannel) {
      return perChannel(perChannel ? 1 : 0);
    }

    /**
     * The fraction of images that get per-channel noise (imgaug's float {@code per_channel}).
     *
     * @throws IllegalArgumentException if {@code p} is not in [0, 1]
     */
    public Builder perChannel(double p) {
      this.perChannel = Param.requireProbability(p, "perChannel");
      return this;
    }

    /** The configured augmenter. */
    public AdditiveGaussianNoise build() {
      return new AdditiveGaussianNoise(this);
    }
  }
}
