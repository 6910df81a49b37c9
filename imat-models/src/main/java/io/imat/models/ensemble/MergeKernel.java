package io.imat.models.ensemble;

import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic shared by {@link Ensemble} and {@link WeightFitter}, so that the weights a fit
 * chose are applied exactly as they were evaluated.
 *
 * <p>A predictions row holds one value per label while weights are per task, and labels are shared
 * between tasks ({@code black} answers every colour task). A label's weights are therefore the mean
 * of the (normalised) weights of the tasks that have it; for a label of a single task they are that
 * task's weights exactly.
 */
final class MergeKernel {
  /** Floor of the geometric mean, so a zero probability does not make the log infinite. */
  static final double GEOMETRIC_FLOOR = 1e-6;

  private MergeKernel() {}

  /** For each label index, the indexes of the tasks that have it. */
  static int[][] tasksOfLabels(Taxonomy taxonomy) {
    List<List<Integer>> lists = new ArrayList<>();
    for (int l = 0; l < taxonomy.labelCount(); l++) {
      lists.add(new ArrayList<>());
    }
    for (Task t : taxonomy.tasks()) {
      for (Label l : t.labels()) {
        lists.get(l.index()).add(t.index());
      }
    }
    int[][] out = new int[lists.size()][];
    for (int l = 0; l < out.length; l++) {
      out[l] = lists.get(l).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /**
   * The weights of {@code label} given normalised per-task weights ({@code taskWeights[task]}), or
   * {@code defaults} for a label of no task; written into {@code out}.
   */
  static void labelWeights(
      int[] tasksOfLabel, double[][] taskWeights, double[] defaults, double[] out) {
    if (tasksOfLabel.length == 0) {
      System.arraycopy(defaults, 0, out, 0, out.length);
      return;
    }
    java.util.Arrays.fill(out, 0);
    for (int t : tasksOfLabel) {
      for (int m = 0; m < out.length; m++) {
        out[m] += taskWeights[t][m];
      }
    }
    for (int m = 0; m < out.length; m++) {
      out[m] /= tasksOfLabel.length;
    }
  }

  /**
   * The merged probability of one label from the models that have the image ({@code present}),
   * weighted by {@code weights} renormalised over them. When every present model has weight 0 for
   * the label they are averaged equally: a model the fit muted still beats the prior for an image
   * no other model could see.
   */
  static float combine(Mean mean, double[] weights, float[] values, boolean[] present) {
    double total = 0;
    for (int m = 0; m < weights.length; m++) {
      if (present[m]) {
        total += weights[m];
      }
    }
    boolean equal = total <= 0;
    double sum = 0;
    double acc = 0;
    for (int m = 0; m < weights.length; m++) {
      if (!present[m]) {
        continue;
      }
      double w = equal ? 1 : weights[m];
      if (w == 0) {
        continue;
      }
      sum += w;
      acc +=
          mean == Mean.ARITHMETIC
              ? w * values[m]
              : w * StrictMath.log(Math.max(values[m], GEOMETRIC_FLOOR));
    }
    double v = mean == Mean.ARITHMETIC ? acc / sum : StrictMath.exp(acc / sum);
    return (float) Math.min(1.0, Math.max(0.0, v));
  }
}
