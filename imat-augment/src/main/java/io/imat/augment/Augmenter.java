package io.imat.augment;

import io.imat.augment.image.Image;
import java.util.SplittableRandom;

/**
 * One augmentation step, or a pipeline of them: imgaug's {@code Augmenter}.
 *
 * <p>An augmenter draws its parameters for each image from the random source it is given and
 * records its work on a {@link Canvas}: geometric augmenters append a transform (fused later into a
 * single warp), pixel augmenters append a row filter. Nothing is resampled until the pipeline asks
 * for the result. Implementations are immutable and thread-safe: one instance serves any number of
 * threads.
 *
 * <p>Determinism: the result depends only on the input, the seed and the image's index in its batch
 * (see {@link Seeds}), never on the thread or on the other images of the batch.
 */
public interface Augmenter {

  /**
   * Augments the image (and annotations) on {@code canvas}, drawing all randomness from {@code
   * random}. This is the extension point for new augmenters; callers use the {@code augment}
   * methods or a {@link BatchAugmenter}.
   */
  void apply(Canvas canvas, SplittableRandom random);

  /** Augments {@code image} as element 0 of a batch augmented with {@code seed}. */
  default Image augment(Image image, long seed) {
    return augment(image, seed, 0);
  }

  /**
   * Augments {@code image} as element {@code index} of a batch augmented with {@code seed}: the
   * same result a {@link BatchAugmenter} produces for that element, on any thread.
   */
  default Image augment(Image image, long seed, long index) {
    Canvas canvas = Canvas.of(image);
    apply(canvas, Seeds.random(seed, index));
    return canvas.image();
  }

  /** Augments an image with its keypoints and boxes as element 0 of a batch with {@code seed}. */
  default Sample augment(Sample sample, long seed) {
    return augment(sample, seed, 0);
  }

  /** Augments an image with its keypoints and boxes as element {@code index} of a batch. */
  default Sample augment(Sample sample, long seed, long index) {
    Canvas canvas = Canvas.of(sample);
    apply(canvas, Seeds.random(seed, index));
    return canvas.toSample();
  }
}
