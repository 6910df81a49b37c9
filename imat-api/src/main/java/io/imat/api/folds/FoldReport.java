package io.imat.api.folds;

import com.google.common.collect.ImmutableList;
import io.imat.api.dataset.ImatDataset;

/**
 * How closely each fold reproduces the global distribution of (task, label) pairs. For a fold and a
 * stratum s, the deviation is |share of the fold's images carrying s − share of all images carrying
 * s|; the report gives its mean and maximum over strata per fold, plus the label distribution (LD)
 * and examples distribution (ED) measures of Sechidis et al. (2011) — lower is better for all.
 */
public final class FoldReport {
  private final ImmutableList<Fold> folds;
  private final double labelDistribution;
  private final double examplesDistribution;

  private FoldReport(ImmutableList<Fold> folds, double ld, double ed) {
    this.folds = folds;
    this.labelDistribution = ld;
    this.examplesDistribution = ed;
  }

  /** One fold's numbers. */
  public record Fold(int index, int size, double meanDeviation, double maxDeviation) {}

  static FoldReport of(Folds folds) {
    ImatDataset d = folds.dataset();
    int k = folds.k();
    int labels = d.taxonomy().labelCount();
    int strata = d.taxonomy().taskCount() * labels;
    int[] global = new int[strata];
    int[][] perFold = new int[k][strata];
    int[] sizes = new int[k];
    for (int i = 0; i < d.size(); i++) {
      int f = folds.foldOf(i);
      sizes[f]++;
      d.forEachPair(
          i,
          (task, labelIndexes) -> {
            for (int l : labelIndexes) {
              int s = task.index() * labels + l;
              global[s]++;
              perFold[f][s]++;
            }
          });
    }
    int n = d.size();
    int used = 0;
    for (int s = 0; s < strata; s++) {
      used += global[s] > 0 ? 1 : 0;
    }
    ImmutableList.Builder<Fold> out = ImmutableList.builder();
    double ld = 0;
    double ed = 0;
    for (int f = 0; f < k; f++) {
      double sum = 0;
      double max = 0;
      for (int s = 0; s < strata; s++) {
        if (global[s] == 0) {
          continue;
        }
        double dev =
            Math.abs((double) perFold[f][s] / Math.max(1, sizes[f]) - (double) global[s] / n);
        sum += dev;
        max = Math.max(max, dev);
        ld += Math.abs(ratio(perFold[f][s], sizes[f]) - ratio(global[s], n)) / k;
      }
      out.add(new Fold(f, sizes[f], used == 0 ? 0 : sum / used, max));
      ed += Math.abs(sizes[f] - (double) n / k) / k;
    }
    return new FoldReport(out.build(), used == 0 ? 0 : ld / used, ed);
  }

  // |S^i| / (|S| - |S^i|): positives over negatives, as in the paper's LD measure.
  private static double ratio(int positives, int total) {
    int negatives = total - positives;
    return negatives == 0 ? 0 : (double) positives / negatives;
  }

  /** Per-fold numbers, in fold order. */
  public ImmutableList<Fold> folds() {
    return folds;
  }

  /** Sechidis et al.'s label distribution measure (0 = every fold matches the whole set). */
  public double labelDistribution() {
    return labelDistribution;
  }

  /** Sechidis et al.'s examples distribution: mean |fold size − N/K|. */
  public double examplesDistribution() {
    return examplesDistribution;
  }

  /** The largest per-stratum deviation over all folds. */
  public double maxDeviation() {
    return folds.stream().mapToDouble(Fold::maxDeviation).max().orElse(0);
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "%d folds, label distribution %.5f, examples distribution %.2f%n",
                folds.size(), labelDistribution, examplesDistribution));
    for (Fold f : folds) {
      sb.append(
          String.format(
              "  fold %d: %d images, mean deviation %.4f, max %.4f%n",
              f.index(), f.size(), f.meanDeviation(), f.maxDeviation()));
    }
    return sb.toString();
  }
}
