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
 *
 * <p>A task without a single training annotation is <em>untrained</em> ({@link #isUntrained}): no
 * model learnt it, so its answer is always the prior's top label, whatever a model outputs ({@link
 * Predictions#answer}). Its distribution is how often each of its labels answered any task in the
 * training data (labels are shared: {@code black} is a colour of dresses and of shoes), or uniform
 * when none of them occurs.
 */
public final class TaskPriors {
  private final Taxonomy taxonomy;
  // Per task index: probabilities aligned with task.labels().
  private final float[][] probabilities;
  private final boolean[] untrained;

  private TaskPriors(Taxonomy taxonomy, float[][] probabilities, boolean[] untrained) {
    this.taxonomy = taxonomy;
    this.probabilities = probabilities;
    this.untrained = untrained;
  }

  /**
   * Label frequencies per task over the ground truth of {@code training}. A pair with several
   * correct labels gives each an equal share of one vote. Tasks without annotations are untrained
   * (see the class comment).
   */
  public static TaskPriors fromDataset(ImatDataset training) {
    Taxonomy t = training.taxonomy();
    checkArgument(
        t.hasTaskLabels(),
        "some tasks of the taxonomy have no labels; complete it first (ImatDataset.withCompleteTaxonomy)");
    double[][] votes = new double[t.taskCount()][];
    for (Task task : t.tasks()) {
      votes[task.index()] = new double[task.labels().size()];
    }
    double[] anyTask = new double[t.labelCount()];
    int[] pairs = new int[t.taskCount()];
    int[][] position = positions(t);
    for (int i = 0; i < training.size(); i++) {
      training.forEachPair(
          i,
          (task, labelIndexes) -> {
            pairs[task.index()]++;
            for (int l : labelIndexes) {
              anyTask[l] += 1.0 / labelIndexes.length;
              int p = position[task.index()][l];
              if (p >= 0) {
                votes[task.index()][p] += 1.0 / labelIndexes.length;
              }
            }
          });
    }
    float[][] probs = new float[t.taskCount()][];
    boolean[] untrained = new boolean[t.taskCount()];
    for (Task task : t.tasks()) {
      int k = task.index();
      untrained[k] = pairs[k] == 0;
      if (untrained[k]) {
        for (int j = 0; j < task.labels().size(); j++) {
          votes[k][j] = anyTask[task.labels().get(j).index()];
        }
      }
      probs[k] = normalise(votes[k]);
    }
    return new TaskPriors(t, probs, untrained);
  }

  /** Uniform distributions: what to carry when no training data is known. */
  public static TaskPriors uniform(Taxonomy taxonomy) {
    float[][] probs = new float[taxonomy.taskCount()][];
    for (Task task : taxonomy.tasks()) {
      probs[task.index()] = normalise(new double[task.labels().size()]);
    }
    return new TaskPriors(taxonomy, probs, new boolean[taxonomy.taskCount()]);
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
    return new TaskPriors(taxonomy, probs, new boolean[taxonomy.taskCount()]);
  }

  /**
   * The JSON form: {@code {"taskId":[p, …] (aligned with the task's labels), …}}; an untrained task
   * is {@code "taskId":{"untrained":true,"p":[…]}}.
   */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    for (Task task : taxonomy.tasks()) {
      JsonArray a = new JsonArray();
      for (float v : probabilities[task.index()]) {
        a.add(v);
      }
      if (untrained[task.index()]) {
        JsonObject u = new JsonObject();
        u.addProperty("untrained", true);
        u.add("p", a);
        o.add(task.id(), u);
      } else {
        o.add(task.id(), a);
      }
    }
    return o;
  }

  /**
   * Reads the JSON form for {@code taxonomy}.
   *
   * @param source names the file in error messages
   * @throws InvalidDataException if a task is missing or a distribution does not fit its task
   */
  public static TaskPriors fromJson(Taxonomy taxonomy, JsonElement json, String source)
      throws InvalidDataException {
    try {
      JsonObject o = json.getAsJsonObject();
      float[][] perTask = new float[taxonomy.taskCount()][];
      boolean[] untrained = new boolean[taxonomy.taskCount()];
      for (Task task : taxonomy.tasks()) {
        JsonElement v = o.get(task.id());
        if (v == null) {
          throw new InvalidDataException(source, "priors", "no prior for task " + task.id());
        }
        if (v.isJsonObject()) {
          untrained[task.index()] = v.getAsJsonObject().get("untrained").getAsBoolean();
          v = v.getAsJsonObject().get("p");
        }
        JsonArray a = v.getAsJsonArray();
        perTask[task.index()] = new float[a.size()];
        for (int k = 0; k < a.size(); k++) {
          perTask[task.index()][k] = a.get(k).getAsFloat();
        }
      }
      TaskPriors p = ofStored(taxonomy, perTask);
      return new TaskPriors(taxonomy, p.probabilities, untrained);
    } catch (IllegalArgumentException
        | IllegalStateException
        | UnsupportedOperationException
        | NullPointerException e) {
      throw new InvalidDataException(source, "priors", e.getMessage(), e);
    }
  }

  /** The taxonomy. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /**
   * Whether {@code task} had no training annotation: no model learnt it, and its answer is always
   * {@link #top}.
   */
  public boolean isUntrained(Task task) {
    return untrained[task.index()];
  }

  /** The untrained tasks, in task order. */
  public ImmutableList<Task> untrainedTasks() {
    return taxonomy.tasks().stream()
        .filter(this::isUntrained)
        .collect(ImmutableList.toImmutableList());
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
        && Arrays.deepEquals(((TaskPriors) o).probabilities, probabilities)
        && Arrays.equals(((TaskPriors) o).untrained, untrained);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(probabilities) * 31 + Arrays.hashCode(untrained);
  }
}
