package io.imat.api.random;

import java.util.SplittableRandom;

/** Seeded random orders, shared by fold assignment and epoch shuffling. */
public final class Permutations {
  private Permutations() {}

  /** 0 … n−1 in a random order drawn from {@code random} (Fisher–Yates). */
  public static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
