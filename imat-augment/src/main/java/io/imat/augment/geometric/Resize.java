package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Resizes to a fixed size, imgaug's {@code Resize({"width": w, "height": h})}: {@code cv2.resize}
 * with imgaug's default interpolation, cubic, or the one given ({@link Interpolation#NEAREST},
 * {@link Interpolation#BILINEAR}, {@link Interpolation#AREA}); alone (or after crops and flips) it
 * gives imgaug's bytes. Next to other resampling steps it is fused into their warp.
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
   * Resize to {@code width × height} with imgaug's default interpolation, {@link
   * Interpolation#CUBIC}.
   *
   * @throws IllegalArgumentException if a side is not positive
   */
  public static Resize to(int width, int height) {
    return new Resize(width, height, Interpolation.CUBIC);
  }

  /**
   * Resize to {@code width × height} with the given interpolation (imgaug's {@code
   * interpolation="nearest" | "linear" | "area" | "cubic"}).
   *
   * @throws IllegalArgumentException if a side is not positive
   */
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
