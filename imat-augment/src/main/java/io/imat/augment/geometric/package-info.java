/**
 * Geometric augmenters: {@link io.imat.augment.geometric.Crop}, {@link
 * io.imat.augment.geometric.Flip}, {@link io.imat.augment.geometric.Affine}, {@link
 * io.imat.augment.geometric.Resize} and {@link io.imat.augment.geometric.CenterCrop}.
 *
 * <p>None of them touches pixels: each records an affine step on the {@link io.imat.augment.Canvas}
 * and moves the keypoints and boxes. Consecutive steps are rendered together as one warp (see
 * {@link io.imat.augment.image.Warp}), one interpolation for the whole chain.
 */
@NullMarked
package io.imat.augment.geometric;

import org.jspecify.annotations.NullMarked;
