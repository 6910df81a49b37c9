package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Resizes to a fixed size, imgaug's {@code Resize({"width": w, "height": h})}; pixel centres map as
 * in OpenCV's {@code resize}. Fused with neighbouring geometric augmenters into one resampling.
 */
public final class Resize implements Augmenter {
  private final int width;
  private final int height;
  private final Interpolation interpolation;

  private Resize(int width, int height, Interpolation interpolation) {
    if (width < 1 || height < 1 || width > Image.MAX_SIDE || height > Image.MAX_SIDE) {
      throw new IllegalArgumentException(
          "resize target must be in [1, " + Image.MAX_SIDE + "], got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.interpolation = Objects.requireNonNull(interpolation);
  }

  /**
   * Bilinear resize to {@code width × height}.
   *
   * @throws IllegalArgumentException if a side is not positive
   */
  public static Resize to(int width, int height) {
    return new Resize(width, height, Interpolation.BILINEAR);
  }

  /** Resize to {@code width × height} with the given interpolation. */
  public static Resize to(int width, int height, Interpolation interpolation) {
    return new Resize(width, height, interpolation);
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    int w = canvas.width();
    int h = canvas.height();
    if (w == width && h == height) {
      return;
    }
    canvas.transform(
        AffineTransform.scaling((double) width / w, (double) height / h),
        width,
        height,
        interpolation);
  }

  @Override
  public String toString() {
    return "Resize(" + width + "x" + height + ", " + interpolation + ")";
  }
}
