package io.imat.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import io.imat.augment.Augmenter;
import io.imat.augment.image.Image;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets an imat-augment {@link Augmenter} run inside a DJL {@code Pipeline}: takes and returns the
 * {@code (H, W, C)} uint8 arrays DJL's {@code Image.toNDArray} produces. The k-th array transformed
 * is augmented as element k of a batch with the given seed, so a pipeline run is reproducible.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline()
 *     .add(new AugmenterTransform(Augmenters.seedPipeline(), 42))
 *     .add(new ToTensor());
 * }</pre>
 */
public final class AugmenterTransform implements Transform {
  private final Augmenter augmenter;
  private final long seed;
  private final AtomicLong next = new AtomicLong();

  /** Wraps {@code augmenter}, drawing randomness from {@code seed}. */
  public AugmenterTransform(Augmenter augmenter, long seed) {
    this.augmenter = augmenter;
    this.seed = seed;
  }

  @Override
  public NDArray transform(NDArray array) {
    Shape s = array.getShape();
    if (s.dimension() != 3 || s.get(2) < 1 || s.get(2) > 4) {
      throw new IllegalArgumentException("expected an (H, W, C) image array, got " + s);
    }
    int h = (int) s.get(0);
    int w = (int) s.get(1);
    int c = (int) s.get(2);
    byte[] hwc = array.toType(DataType.UINT8, false).toByteArray();
    Image out = augmenter.augment(Image.of(w, h, c, hwc), seed, next.getAndIncrement());
    return array
        .getManager()
        .create(
            java.nio.ByteBuffer.wrap(out.toByteArray()),
            new Shape(out.height(), out.width(), out.channels()),
            DataType.UINT8);
  }
}
