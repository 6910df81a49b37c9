/**
 * Pixel-value augmenters: {@link io.imat.augment.pixel.AdditiveGaussianNoise}, {@link
 * io.imat.augment.pixel.LinearContrast} (contrast) and {@link io.imat.augment.pixel.Multiply}
 * (brightness).
 *
 * <p>Each records a row filter on the {@link io.imat.augment.Canvas}; the filters run in the same
 * streaming pass as the geometric warp. Contrast and brightness are 256-entry lookup tables, and
 * consecutive tables are composed into one. Noise draws five normal values per 64 random bits from
 * a 4096-quantile table: reproducible, and far cheaper than {@code nextGaussian()}.
 */
@NullMarked
package io.imat.augment.pixel;

import org.jspecify.annotations.NullMarked;
