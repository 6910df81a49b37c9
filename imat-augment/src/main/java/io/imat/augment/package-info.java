/**
 * imat-augment: imgaug-style image augmentation for the JVM, standalone (no other imat module, no
 * runtime dependency), deterministic and fast.
 *
 * <p>Entry points: {@link io.imat.augment.Augmenters} (the augmenters by imgaug name, and {@link
 * io.imat.augment.Augmenters#seedPipeline()}), {@link io.imat.augment.Augmenter#augment} for one
 * image and {@link io.imat.augment.BatchAugmenter} for parallel batches. Images are {@link
 * io.imat.augment.image.Image}s; {@link io.imat.augment.Sample} adds keypoints and boxes.
 *
 * <p>How it is fast: augmenters only record work on a {@link io.imat.augment.Canvas}. Consecutive
 * geometric augmenters are fused into one affine warp, and pixel augmenters (noise, blur, contrast)
 * stream row by row behind it, so a typical pipeline reads the input once and writes the output
 * once.
 */
@NullMarked
package io.imat.augment;

import org.jspecify.annotations.NullMarked;
