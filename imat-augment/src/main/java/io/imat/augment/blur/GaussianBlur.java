package io.imat.augment.blur;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.param.Param;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Blurs with a Gaussian kernel whose σ is drawn per image, imgaug's {@code GaussianBlur}: kernel
 * size as imgaug picks it, reflect-101 borders as OpenCV. A σ below 0.001 (imgaug's threshold), or
 * one so small that the fixed-point kernel is a single tap, leaves the image exactly unchanged.
 */
public final class GaussianBlur implements Augmenter {
  private static final double MIN_SIGMA = 1e-3;

  private final Param sigma;

  private GaussianBlur(Param sigma) {
    this.sigma = sigma;
  }

  /** σ drawn uniformly from {@code [lo, hi]} (e.g. 0, 1). */
  public static GaussianBlur of(double lo, double hi) {
    return of(Param.uniform(lo, hi));
  }

  /**
   * σ drawn from {@code sigma}.
   *
   * @throws IllegalArgumentException if σ could be negative or above 100
   */
  public static GaussianBlur of(Param sigma) {
    return new GaussianBlur(Objects.requireNonNull(sigma).requireWithin(0, 100, "blur sigma"));
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    double s = sigma.sample(random);
    if (s < MIN_SIGMA) {
      return;
    }
    int[] kernel = GaussianKernel.weights(s);
    if (kernel.length > 1) {
      canvas.filter(new SeparableBlur(kernel));
    }
  }

  @Override
  public String toString() {
    return "GaussianBlur(sigma=" + sigma + ")";
  }
}
