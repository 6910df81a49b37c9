package io.imat.augment.image;

/**
 * How a geometric step reads the source between pixel centres: OpenCV's interpolation flags, which
 * imgaug passes through ({@code order} for {@code Affine}, {@code interpolation} for {@code
 * Resize}). Each is computed with OpenCV's own fixed-point arithmetic, so a single step gives the
 * bytes OpenCV (and so imgaug 0.4.0) gives.
 */
public enum Interpolation {
  /** The nearest source pixel ({@code cv2.INTER_NEAREST}, imgaug {@code order=0}). */
  NEAREST,
  /**
   * Weighted mean of the four surrounding pixels ({@code cv2.INTER_LINEAR}, imgaug {@code order=1},
   * {@code "linear"}).
   */
  BILINEAR,
  /**
   * Pixel-area averaging ({@code cv2.INTER_AREA}, imgaug {@code "area"}): the mean of the source
   * area a target pixel covers when shrinking; when enlarging, the overlap-weighted blend of the at
   * most two source pixels a target pixel straddles, which is what imgaug 0.4.0 uses to enlarge
   * when no interpolation is named (Crop's keep-size resize). A rotation or shear reads it as
   * {@link #BILINEAR}, as {@code cv2.warpAffine} does.
   */
  AREA,
  /**
   * Keys' cubic convolution with {@code a = -0.75} over 4×4 pixels ({@code cv2.INTER_CUBIC}, imgaug
   * {@code order=3}, {@code "cubic"}: the default of imgaug's {@code Resize}).
   */
  CUBIC
}
