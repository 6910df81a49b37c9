package io.imat.models.ensemble;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.imat.api.taxonomy.Task;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weight of each model of an ensemble, for every task: a default vector used for tasks without
 * their own, plus per-task vectors (what {@link WeightFitter} produces). Weights are non-negative
 * and are normalised to sum to 1 per task when read.
 *
 * <pre>{@code
 * EnsembleWeights.equal(2);                      // 0.5 / 0.5 everywhere
 * EnsembleWeights.of(3, 1);                      // 0.75 / 0.25 everywhere
 * EnsembleWeights.of(1, 1).withTask("3", 1, 4);  // shoe:color leans on the second model
 * }</pre>
 *
 * Immutable.
 */
public final class EnsembleWeights {
  private final double[] defaults;
  private final ImmutableMap<String, double[]> perTask;

  private EnsembleWeights(double[] defaults, ImmutableMap<String, double[]> perTask) {
    this.defaults = defaults;
    this.perTask = perTask;
  }

  /** Equal weights for {@code models} models. */
  public static EnsembleWeights equal(int models) {
    checkArgument(models >= 1, "need at least one model");
    double[] w = new double[models];
    Arrays.fill(w, 1.0);
    return of(w);
  }

  /**
   * The same weights for every task, one per model.
   *
   * @throws IllegalArgumentException for a negative or non-finite weight, or all zero
   */
  public static EnsembleWeights of(double... weights) {
    return new EnsembleWeights(normalise(weights), ImmutableMap.of());
  }

  /** A copy in which task {@code taskId} has its own {@code weights} (one per model). */
  public EnsembleWeights withTask(String taskId, double... weights) {
    checkArgument(
        weights.length == defaults.length,
        "task %s: %s weights for %s models",
        taskId,
        weights.length,
        defaults.length);
    Map<String, double[]> m = new LinkedHashMap<>(perTask);
    m.put(taskId, normalise(weights));
    return new EnsembleWeights(defaults, ImmutableMap.copyOf(m));
  }

  /** Number of models. */
  public int models() {
    return defaults.length;
  }

  /** The default weights (for tasks without their own), normalised; a copy. */
  public double[] defaults() {
    return defaults.clone();
  }

  /** The normalised weights for {@code task}: its own if set, else the defaults; a copy. */
  public double[] forTask(Task task) {
    return forTask(task.id());
  }

  /** The normalised weights for the task with this id; a copy. */
  public double[] forTask(String taskId) {
    double[] w = perTask.get(taskId);
    return (w == null ? defaults : w).clone();
  }

  /** The ids of the tasks that have their own weights, in the order they were set. */
  public com.google.common.collect.ImmutableSet<String> tasksWithOwnWeights() {
    return perTask.keySet();
  }

  private static double[] normalise(double[] w) {
    checkArgument(w.length >= 1, "need at least one weight");
    double sum = 0;
    for (double x : w) {
      checkArgument(Double.isFinite(x) && x >= 0, "bad weight %s", x);
      sum += x;
    }
    checkArgument(sum > 0, "weights are all zero");
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i] / sum;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EnsembleWeights e)
        || !Arrays.equals(e.defaults, defaults)
        || !e.perTask.keySet().equals(perTask.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> x : perTask.entrySet()) {
      if (!Arrays.equals(x.getValue(), e.perTask.get(x.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(defaults) * 31 + perTask.keySet().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EnsembleWeights{default ");
    sb.append(format(defaults));
    perTask.forEach((id, w) -> sb.append(", ").append(id).append('=').append(format(w)));
    return sb.append('}').toString();
  }

  private static String format(double[] w) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < w.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%.3f", w[i]));
    }
    return sb.append(']').toString();
  }
}
