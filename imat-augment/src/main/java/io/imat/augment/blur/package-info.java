/**
 * Blur augmenters: {@link io.imat.augment.blur.GaussianBlur}, a separable integer convolution that
 * streams behind the geometric warp in the same render pass.
 */
@NullMarked
package io.imat.augment.blur;

import org.jspecify.annotations.NullMarked;
