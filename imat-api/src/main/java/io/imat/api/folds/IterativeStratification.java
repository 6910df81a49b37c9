package io.imat.api.folds;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.random.Permutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sechidis et al. (2011), "On the Stratification of Multi-Label Data", algorithm 1. The "labels"
 * are (task, label) pairs: {@code shoe:color=black} and {@code dress:color=black} are different
 * strata.
 */
final class IterativeStratification {
  private IterativeStratification() {}

  static int[] assign(ImatDataset dataset, int k, long seed) {
    int n = dataset.size();
    int labels = dataset.taxonomy().labelCount();
    SplittableRandom rnd = new SplittableRandom(seed);

    // Strata of every image, and the images of every stratum (in a seeded random order).
    int[][] strataOf = new int[n][];
    int strata = dataset.taxonomy().taskCount() * labels;
    List<List<Integer>> members = new ArrayList<>(strata);
    for (int s = 0; s < strata; s++) {
      members.add(null);
    }
    int[] order = Permutations.shuffled(n, rnd);
    for (int i : order) {
      List<Integer> codes = new ArrayList<>();
      dataset.forEachPair(
          i,
          (task, labelIndexes) -> {
            for (int l : labelIndexes) {
              codes.add(task.index() * labels + l);
            }
          });
      strataOf[i] = codes.stream().mapToInt(Integer::intValue).toArray();
      for (int s : strataOf[i]) {
        if (members.get(s) == null) {
          members.set(s, new ArrayList<>());
        }
        members.get(s).add(i);
      }
    }

    double[] wanted = new double[k];
    Arrays.fill(wanted, (double) n / k);
    double[][] wantedPerStratum = new double[strata][];
    int[] remaining = new int[strata];
    for (int s = 0; s < strata; s++) {
      if (members.get(s) != null) {
        remaining[s] = members.get(s).size();
        wantedPerStratum[s] = new double[k];
        Arrays.fill(wantedPerStratum[s], (double) remaining[s] / k);
      }
    }

    int[] foldOf = new int[n];
    Arrays.fill(foldOf, -1);
    int unassigned = n;
    while (true) {
      // The stratum with the fewest (but some) unassigned images; ties go to the lowest code,
      // the shuffled member order already randomises within it.
      int best = -1;
      for (int s = 0; s < strata; s++) {
        if (remaining[s] > 0 && (best < 0 || remaining[s] < remaining[best])) {
          best = s;
        }
      }
      if (best < 0) {
        break;
      }
      for (int i : members.get(best)) {
        if (foldOf[i] >= 0) {
          continue;
        }
        int fold = pickFold(wantedPerStratum[best], wanted, rnd);
        foldOf[i] = fold;
        unassigned--;
        wanted[fold]--;
        for (int s : strataOf[i]) {
          wantedPerStratum[s][fold]--;
          remaining[s]--;
        }
      }
    }
    // Images without annotations go wherever the folds are smallest.
    if (unassigned > 0) {
      for (int i : order) {
        if (foldOf[i] < 0) {
          int fold = pickFold(wanted, wanted, rnd);
          foldOf[i] = fold;
          wanted[fold]--;
        }
      }
    }
    return foldOf;
  }

  /** The fold with the largest first demand; ties by the second, then at random. */
  private static int pickFold(double[] primary, double[] secondary, SplittableRandom rnd) {
    int k = primary.length;
    int[] ties = new int[k];
    int count = 0;
    for (int j = 0; j < k; j++) {
      if (count == 0 || primary[j] > primary[ties[0]]) {
        count = 0;
        ties[count++] = j;
      } else if (primary[j] == primary[ties[0]]) {
        ties[count++] = j;
      }
    }
    if (count > 1) {
      int[] second = new int[count];
      int c2 = 0;
      for (int t = 0; t < count; t++) {
        int j = ties[t];
        if (c2 == 0 || secondary[j] > secondary[second[0]]) {
          c2 = 0;
          second[c2++] = j;
        } else if (secondary[j] == secondary[second[0]]) {
          second[c2++] = j;
        }
      }
      return second[rnd.nextInt(c2)];
    }
    return ties[0];
  }
}
