package io.imat.api.predict;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.Arrays;

/**
 * For each task, a probability distribution over the task's labels: how often each label answered
 * the task in the training data. It is the prediction for an image nobody could see (a dead URL)
 * and its top label is the majority baseline.
 */
public final class TaskPriors {
  private final Taxonomy taxonomy;
  // Per task index: probabilities aligned with task.labels().
  private final float[][] probabilities;

  private TaskPriors(Taxonomy taxonomy, float[][] probabilities) {
    this.taxonomy = taxonomy;
    this.probabilities = probabilities;
  }

  /**
   * Label frequencies per task over the ground truth of {@code training}. A pair with several
   * correct labels gives each an equal share of one vote. Tasks without annotations get a uniform
   * distribution.
   */
  public static TaskPriors fromDataset(ImatDataset training) {
    Taxonomy t = training.taxonomy();
    checkArgument(t.hasTaskLabels(), "the taxonomy has no task-label lists; derive them first");
    double[][] votes = new double[t.taskCount()][];
    for (Task task : t.tasks()) {
      votes[task.index()] = new double[task.labels().size()];
    }
    int[][] position = positions(t);
    for (int i = 0; i < training.size(); i++) {
      training.forEachPair(
          i,
          (task, labelIndexes) -> {
            for (int l : labelIndexes) {
              int p = position[task.index()][l];
              if (p >= 0) {
                votes[task.index()][p] += 1.0 / labelIndexes.length;
              }
            }
          });
    }
    float[][] probs = new float[t.taskCount()][];
    for (Task task : t.tasks()) {
      probs[task.index()] = normalise(votes[task.index()]);
    }
    return new TaskPriors(t, probs);
  }

  /** Uniform distributions: what to carry when no training data is known. */
  public static TaskPriors uniform(Taxonomy taxonomy) {
    float[][] probs = new float[taxonomy.taskCount()][];
    for (Task task : taxonomy.tasks()) {
      probs[task.index()] = normalise(new double[task.labels().size()]);
    }
    return new TaskPriors(taxonomy, probs);
  }

  /**
   * Priors given explicitly, one array per task in task order, aligned with {@link Task#labels()}.
   * Each array is normalised to sum to 1.
   */
  public static TaskPriors of(Taxonomy taxonomy, float[][] perTask) {
    return of(taxonomy, perTask, false);
  }

  /**
   * Like {@link #of}, but a distribution that already sums to 1 (up to float rounding) is kept bit
   * for bit: renormalising it again may move a value by one ulp, so priors read back from a file
   * would differ from those written.
   */
  static TaskPriors ofStored(Taxonomy taxonomy, float[][] perTask) {
    return of(taxonomy, perTask, true);
  }

  private static TaskPriors of(Taxonomy taxonomy, float[][] perTask, boolean keepNormalised) {
    checkArgument(perTask.length == taxonomy.taskCount(), "need one array per task");
    float[][] probs = new float[perTask.length][];
    for (Task task : taxonomy.tasks()) {
      float[] p = perTask[task.index()];
      checkArgument(
          p.length == task.labels().size(),
          "task %s: %s prior values for %s labels",
          task.id(),
          p.length,
          task.labels().size());
      double[] d = new double[p.length];
      for (int k = 0; k < p.length; k++) {
        checkArgument(
            Float.isFinite(p[k]) && p[k] >= 0, "task %s: bad prior value %s", task.id(), p[k]);
        d[k] = p[k];
      }
      double sum = Arrays.stream(d).sum();
      probs[task.index()] = keepNormalised && Math.abs(sum - 1) < 1e-4 ? p.clone() : normalise(d);
    }
    return new TaskPriors(taxonomy, probs);
  }

  /** The JSON form: {@code {"taskId":[p, …] (aligned with the task's labels), …}}. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    for (Task task : taxonomy.tasks()) {
      JsonArray a = new JsonArray();
      for (float v : probabilities[task.index()]) {
        a.add(v);
      }
      o.add(task.id(), a);
    }
    return o;
  }

  /**
   * Reads the JSON form for {@code taxonomy}.
   *
   * @param source names the file in error messages
   * @throws InvalidDataException if a task is missing or a distribution does not fit its task
   */
  public static TaskPriors fromJson(Taxonomy taxonomy, JsonElement json, String source) {
    try {
      JsonObject o = json.getAsJsonObject();
      float[][] perTask = new float[taxonomy.taskCount()][];
      for (Task task : taxonomy.tasks()) {
        JsonElement v = o.get(task.id());
        if (v == null) {
          throw new InvalidDataException(source, "priors", "no prior for task " + task.id());
        }
        JsonArray a = v.getAsJsonArray();
        perTask[task.index()] = new float[a.size()];
        for (int k = 0; k < a.size(); k++) {
          perTask[task.index()][k] = a.get(k).getAsFloat();
        }
      }
      return ofStored(taxonomy, perTask);
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      throw new InvalidDataException(source, "priors", e.getMessage(), e);
    }
  }

  /** The taxonomy. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** The distribution for {@code task}, aligned with {@link Task#labels()} (a copy). */
  public float[] distribution(Task task) {
    return probabilities[task.index()].clone();
  }

  /** The prior probability of {@code label} for {@code task} (0 if not a label of the task). */
  public float probability(Task task, Label label) {
    int p = task.labels().indexOf(label);
    return p < 0 ? 0f : probabilities[task.index()][p];
  }

  /** The most frequent label of {@code task} (first in task order on ties). */
  public Label top(Task task) {
    float[] p = probabilities[task.index()];
    ImmutableList<Label> labels = task.labels();
    checkArgument(!labels.isEmpty(), "task %s has no labels", task);
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return labels.get(best);
  }

  private static int[][] positions(Taxonomy t) {
    int[][] pos = new int[t.taskCount()][t.labelCount()];
    for (Task task : t.tasks()) {
      Arrays.fill(pos[task.index()], -1);
      for (int k = 0; k < task.labels().size(); k++) {
        pos[task.index()][task.labels().get(k).index()] = k;
      }
    }
    return pos;
  }

  private static float[] normalise(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (float) (sum > 0 ? v[k] / sum : 1.0 / v.length);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskPriors
        && ((TaskPriors) o).taxonomy.equals(taxonomy)
        && Arrays.deepEquals(((TaskPriors) o).probabilities, probabilities);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(probabilities);
  }
}
