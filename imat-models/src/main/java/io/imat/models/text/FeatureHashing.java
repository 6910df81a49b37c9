package io.imat.models.text;

import java.util.Arrays;
import java.util.List;

/**
 * Maps feature strings to embedding buckets with a fixed 64-bit hash (FNV-1a over UTF-16 code
 * units, then the murmur3 finaliser), so a saved model reads the same buckets in every JVM and
 * version. Collisions are the price of a vocabulary-free model whose size does not grow with the
 * data.
 */
final class FeatureHashing {
  private FeatureHashing() {}

  /** The bucket of {@code feature} among {@code buckets}. */
  static int bucket(String feature, int buckets) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < feature.length(); i++) {
      h ^= feature.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, buckets);
  }

  /** The distinct buckets of {@code features}, sorted (two features may share one). */
  static int[] buckets(List<String> features, int buckets) {
    int[] out = new int[features.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bucket(features.get(i), buckets);
    }
    Arrays.sort(out);
    int n = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[n++] = out[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
