package io.imat.augment.meta;

import java.util.SplittableRandom;

/** Index permutations for the meta augmenters. */
final class Shuffle {
  private Shuffle() {}

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Puts a uniformly random choice of {@code k} elements, in random order, at the front. */
  static void shuffle(int[] a, int k, SplittableRandom random) {
    for (int i = 0; i < k && i < a.length - 1; i++) {
      int j = i + random.nextInt(a.length - i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
