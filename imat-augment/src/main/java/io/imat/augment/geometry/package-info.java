/**
 * Plane geometry shared by the augmenters: {@link io.imat.augment.geometry.AffineTransform} (in
 * continuous pixel coordinates), and the annotations that follow an image through geometric
 * augmentation, {@link io.imat.augment.geometry.Keypoint} and {@link
 * io.imat.augment.geometry.BoundingBox}.
 */
@NullMarked
package io.imat.augment.geometry;

import org.jspecify.annotations.NullMarked;
