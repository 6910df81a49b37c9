package io.imat.models.layers;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose mask comes from a seed the caller sets per batch ({@link #reseed}), not
 * from PyTorch's process-wide generator. DJL's {@code Dropout} draws from that one generator, which
 * every thread of the JVM shares and no checkpoint can save through DJL; with the mask a function
 * of (run seed, epoch, batch), a resumed run draws the same masks as an uninterrupted one and two
 * runs on two threads do not disturb each other. The mask is made in Java: for a head's pooled
 * features (batch × 2048 at most) that is a few microseconds.
 *
 * <p>It saves exactly the bytes DJL's {@code Dropout} saves (same version, no parameters), so
 * models saved before it load unchanged.
 */
public final class SeededDropout extends AbstractBlock {
  // DJL's Dropout.VERSION: keeps saved parameter files byte-compatible.
  private static final byte VERSION = 2;

  private final float rate;
  private long seed;

  /** Dropout of {@code rate} in [0, 1). */
  public SeededDropout(float rate) {
    super(VERSION);
    checkArgument(rate >= 0 && rate < 1, "dropout rate %s out of [0, 1)", rate);
    this.rate = rate;
  }

  /** The rate. */
  public float rate() {
    return rate;
  }

  /** Sets the seed of the next training forward pass's mask. */
  public void reseed(long value) {
    this.seed = value;
  }

  /** The mask for {@code n} values from {@code seed}: 0 or 1 / (1 − rate). */
  static float[] mask(long seed, int n, float rate) {
    SplittableRandom random = new SplittableRandom(seed);
    float keep = 1f / (1f - rate);
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = random.nextFloat() < rate ? 0f : keep;
    }
    return m;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (!training || rate == 0f) {
      return new NDList(x);
    }
    Shape shape = x.getShape();
    NDArray m = x.getManager().create(mask(seed, Math.toIntExact(shape.size()), rate), shape);
    return new NDList(x.mul(m));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
