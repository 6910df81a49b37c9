package io.imat.augment;

import java.util.SplittableRandom;

/**
 * Derives the random stream of one image from a batch seed and the image's index. Every image gets
 * its own stream, computed from {@code (seed, index)} alone, so a batch gives bit-identical results
 * on one thread or many, in any order.
 */
public final class Seeds {
  private Seeds() {}

  /** The random source for element {@code index} of a batch augmented with {@code seed}. */
  public static SplittableRandom random(long seed, long index) {
    return new SplittableRandom(mix(seed, index));
  }

  /**
   * A well-mixed 64-bit value of {@code (seed, index)}: nearby seeds and indices give unrelated
   * streams (MurmurHash3's 64-bit finaliser applied twice).
   */
  public static long mix(long seed, long index) {
    return fmix64(seed ^ fmix64(index + 0x9E3779B97F4A7C15L));
  }

  private static long fmix64(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
