package io.imat.augment.geometric;

import io.imat.augment.Augmenter;
import io.imat.augment.Canvas;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.image.FillMode;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import java.util.SplittableRandom;

/**
 * Cuts the central {@code width × height} window, imgaug's {@code CenterCropToFixedSize}; a side
 * shorter than the window is padded with black instead, so the output always has exactly the
 * requested size (what a network input needs). Pixel-exact: no interpolation.
 */
public final class CenterCrop implements Augmenter {
  private final int width;
  private final int height;

  private CenterCrop(int width, int height) {
    if (width < 1 || height < 1 || width > Image.MAX_SIDE || height > Image.MAX_SIDE) {
      throw new IllegalArgumentException(
          "center crop size must be in [1, " + Image.MAX_SIDE + "], got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  /**
   * The central {@code width × height} window.
   *
   * @throws IllegalArgumentException if a side is not positive
   */
  public static CenterCrop of(int width, int height) {
    return new CenterCrop(width, height);
  }

  @Override
  public void apply(Canvas canvas, SplittableRandom random) {
    int w = canvas.width();
    int h = canvas.height();
    if (w == width && h == height) {
      return;
    }
    // floorDiv keeps the extra pixel of an odd difference on the right / bottom, like imgaug.
    int left = Math.floorDiv(w - width, 2);
    int top = Math.floorDiv(h - height, 2);
    AffineTransform shift = AffineTransform.translation(-left, -top);
    if (width <= w && height <= h) {
      canvas.transform(shift, width, height);
    } else {
      canvas.transform(shift, width, height, Interpolation.NEAREST, FillMode.constant(0));
    }
  }

  @Override
  public String toString() {
    return "CenterCrop(" + width + "x" + height + ")";
  }
}
