package io.imat.augment.image;

/** How a geometric warp reads the source between pixel centres. */
public enum Interpolation {
  /** The nearest source pixel (imgaug {@code order=0}); keeps values, shows jagged edges. */
  NEAREST,
  /** Weighted mean of the four surrounding pixels (imgaug {@code order=1}, the default). */
  BILINEAR
}
