package io.imat.models.ensemble;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits per-task ensemble weights that minimise the top-1 error on held-out predictions (a
 * validation split, or out-of-fold predictions of the training data).
 *
 * <pre>{@code
 * WeightFit fit = WeightFitter.builder().mean(Mean.ARITHMETIC).build()
 *     .fit(List.of(imageOnValid, textOnValid), validation);
 * Predictions test = fit.ensemble().merge(List.of(imageOnTest, textOnTest));
 * }</pre>
 *
 * <p>The search runs on a grid in two stages. First one weight vector shared by all tasks: for each
 * model in turn its share is tried at {@code 0, 1/steps, …, 1} (the other models keep their
 * proportions), repeated until nothing changes (at most {@link Builder#sweeps} passes); with two
 * models this is an exhaustive grid. Then, unless {@link Builder#perTask} is off, each task in turn
 * gets the same search for its own weights, starting from the shared ones. Each candidate is scored
 * by the exact merge {@link Ensemble} performs — including the averaging of weights over the tasks
 * that share a label and the fallback for images some models lack — over the tasks whose answers it
 * can change. On equal error the weights closest to the starting ones win (equal weights by
 * default, the shared weights for a task): a validation set rarely earns a departure it cannot
 * measure, and {@link Builder#minImprovement} can demand a margin before a task leaves the shared
 * weights.
 */
public final class WeightFitter {
  private final Mean mean;
  private final int steps;
  private final int sweeps;
  private final boolean perTask;
  private final double minImprovement;

  private WeightFitter(Builder b) {
    this.mean = b.mean;
    this.steps = b.steps;
    this.sweeps = b.sweeps;
    this.perTask = b.perTask;
    this.minImprovement = b.minImprovement;
  }

  /** A builder: arithmetic mean, 10 steps, 3 sweeps, per-task weights. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fits starting from (and breaking ties toward) equal weights. */
  public WeightFit fit(List<Predictions> validation, ImatDataset truth) {
    return fit(validation, truth, EnsembleWeights.equal(validation.size()));
  }

  /**
   * Fits starting from the default weights of {@code initial} (its per-task weights are not used),
   * which are also where ties go.
   *
   * @throws IllegalArgumentException if the predictions use different taxonomies or another one
   *     than {@code truth}, or {@code initial} has another number of models
   */
  public WeightFit fit(List<Predictions> validation, ImatDataset truth, EnsembleWeights initial) {
    checkArgument(!validation.isEmpty(), "no predictions to fit");
    checkArgument(
        initial.models() == validation.size(),
        "%s predictions but initial weights for %s models",
        validation.size(),
        initial.models());
    Taxonomy taxonomy = validation.get(0).taxonomy();
    for (Predictions p : validation) {
      checkArgument(p.taxonomy().equals(taxonomy), "the predictions use different taxonomies");
    }
    TopOneError metric = TopOneError.of(truth);
    ImmutableList.Builder<ErrorReport> modelReports = ImmutableList.builder();
    validation.forEach(p -> modelReports.add(metric.score(p))); // also checks the taxonomy
    Search s = new Search(taxonomy, validation, truth, initial);
    EnsembleWeights fitted = s.run();
    Ensemble start = Ensemble.builder().mean(mean).weights(initial).build();
    Ensemble end = Ensemble.builder().mean(mean).weights(fitted).build();
    return new WeightFit(
        fitted,
        mean,
        modelReports.build(),
        metric.score(start.merge(validation)),
        metric.score(end.merge(validation)));
  }

  /** The state of one coordinate search. */
  private final class Search {
    private final Taxonomy taxonomy;
    private final List<Predictions> models;
    private final EnsembleWeights initial;
    private final int n;
    private final int[][] tasksOfLabels;
    // Per task: the tasks whose answers depend on its weights (sharing a label), itself included.
    private final int[][] neighbours;
    // Per task: annotated pairs as (truth image index, correct label indexes).
    private final List<List<Pair>> pairs = new ArrayList<>();
    private final double[][] taskWeights;
    private final double[][] labelWeights;
    private final float[] values;
    private final boolean[] present;

    Search(
        Taxonomy taxonomy, List<Predictions> models, ImatDataset truth, EnsembleWeights initial) {
      this.taxonomy = taxonomy;
      this.models = models;
      this.initial = initial;
      this.n = models.size();
      this.tasksOfLabels = MergeKernel.tasksOfLabels(taxonomy);
      this.neighbours = neighbours(taxonomy);
      for (int t = 0; t < taxonomy.taskCount(); t++) {
        pairs.add(new ArrayList<>());
      }
      for (int i = 0; i < truth.size(); i++) {
        int[] rows = new int[n];
        for (int m = 0; m < n; m++) {
          rows[m] = models.get(m).rowOf(truth.image(i).id());
        }
        truth.forEachPair(
            i, (task, correct) -> pairs.get(task.index()).add(new Pair(rows, correct.clone())));
      }
      this.taskWeights = new double[taxonomy.taskCount()][];
      for (Task t : taxonomy.tasks()) {
        taskWeights[t.index()] = initial.forTask(t);
      }
      this.labelWeights = new double[taxonomy.labelCount()][n];
      for (int l = 0; l < labelWeights.length; l++) {
        refreshLabel(l);
      }
      this.values = new float[n];
      this.present = new boolean[n];
    }

    EnsembleWeights run() {
      double[] global = fitGlobal();
      for (Task t : taxonomy.tasks()) {
        setTask(t, global);
      }
      for (int sweep = 0; perTask && sweep < sweeps; sweep++) {
        boolean changed = false;
        for (Task t : taxonomy.tasks()) {
          if (!pairs.get(t.index()).isEmpty()) {
            changed |= improve(t, global);
          }
        }
        if (!changed) {
          break;
        }
      }
      EnsembleWeights out = EnsembleWeights.of(global);
      for (Task t : taxonomy.tasks()) {
        if (perTask && !pairs.get(t.index()).isEmpty()) {
          out = out.withTask(t.id(), taskWeights[t.index()]);
        }
      }
      return out;
    }

    /**
     * The weights shared by all tasks that minimise the total error: coordinate search over the
     * models' shares, ties toward the initial default weights.
     */
    private double[] fitGlobal() {
      double[] start = initial.defaults();
      double[] current = start.clone();
      int currentErrors = totalErrors(current);
      for (int sweep = 0; sweep < sweeps && n > 1; sweep++) {
        double[] best = current;
        int bestErrors = currentErrors;
        double bestDistance = distance(current, start);
        for (int j = 0; j < n; j++) {
          for (int k = 0; k <= steps; k++) {
            double[] cand = withShare(current, j, (double) k / steps);
            int e = totalErrors(cand);
            double d = distance(cand, start);
            if (e < bestErrors || (e == bestErrors && d < bestDistance - 1e-12)) {
              best = cand;
              bestErrors = e;
              bestDistance = d;
            }
          }
        }
        if (Arrays.equals(best, current)) {
          break;
        }
        current = best;
        currentErrors = bestErrors;
      }
      return current;
    }

    private int totalErrors(double[] w) {
      for (Task t : taxonomy.tasks()) {
        taskWeights[t.index()] = w;
      }
      for (int l = 0; l < labelWeights.length; l++) {
        refreshLabel(l);
      }
      int e = 0;
      for (Task t : taxonomy.tasks()) {
        e += errors(t);
      }
      return e;
    }

    /**
     * Tries every grid share of every model for task {@code t}; moves only for a gain of at least
     * {@code minImprovement} of the affected pairs, ties toward {@code global}. Returns whether it
     * moved.
     */
    private boolean improve(Task t, double[] global) {
      double[] current = taskWeights[t.index()].clone();
      int currentErrors = errors(t, current);
      int affected = 0;
      for (int u : neighbours[t.index()]) {
        affected += pairs.get(u).size();
      }
      int required = Math.max(1, (int) Math.ceil(minImprovement * affected));
      double[] best = current;
      int bestErrors = currentErrors;
      double bestDistance = distance(current, global);
      for (int j = 0; j < n && n > 1; j++) {
        for (int k = 0; k <= steps; k++) {
          double[] cand = withShare(current, j, (double) k / steps);
          int e = errors(t, cand);
          if (currentErrors - e < required) {
            continue; // not worth leaving the current weights for
          }
          double d = distance(cand, global);
          if (e < bestErrors || (e == bestErrors && d < bestDistance - 1e-12)) {
            best = cand;
            bestErrors = e;
            bestDistance = d;
          }
        }
      }
      setTask(t, best);
      return !Arrays.equals(best, current);
    }

    /** Errors over the tasks that depend on {@code t} if {@code t} had weights {@code w}. */
    private int errors(Task t, double[] w) {
      double[] saved = taskWeights[t.index()];
      setTask(t, w);
      int e = 0;
      for (int u : neighbours[t.index()]) {
        e += errors(taxonomy.tasks().get(u));
      }
      setTask(t, saved);
      return e;
    }

    private int errors(Task task) {
      int e = 0;
      for (Pair p : pairs.get(task.index())) {
        int answer = answer(task, p.rows());
        if (Arrays.binarySearch(p.correct(), answer) < 0) {
          e++;
        }
      }
      return e;
    }

    /** The label index the merged predictions answer, exactly as Predictions.answer picks it. */
    private int answer(Task task, int[] rows) {
      boolean any = false;
      for (int m = 0; m < n; m++) {
        present[m] = rows[m] >= 0;
        any |= present[m];
      }
      if (!any || models.get(0).priors().isUntrained(task)) {
        return models.get(0).priors().top(task).index();
      }
      int best = -1;
      float bestValue = 0;
      for (var label : task.labels()) {
        int l = label.index();
        for (int m = 0; m < n; m++) {
          values[m] = present[m] ? models.get(m).get(rows[m], l) : 0f;
        }
        float v = MergeKernel.combine(mean, labelWeights[l], values, present);
        if (best < 0 || v > bestValue) {
          best = l;
          bestValue = v;
        }
      }
      return best;
    }

    private void setTask(Task t, double[] w) {
      taskWeights[t.index()] = w;
      for (var l : t.labels()) {
        refreshLabel(l.index());
      }
    }

    private void refreshLabel(int l) {
      MergeKernel.labelWeights(tasksOfLabels[l], taskWeights, initial.defaults(), labelWeights[l]);
    }
  }

  /** {@code w} with model {@code j}'s share set to {@code share}, the others scaled to fill 1. */
  static double[] withShare(double[] w, int j, double share) {
    double others = 0;
    for (int m = 0; m < w.length; m++) {
      if (m != j) {
        others += w[m];
      }
    }
    double[] out = new double[w.length];
    for (int m = 0; m < w.length; m++) {
      if (m == j) {
        out[m] = share;
      } else {
        out[m] = others > 0 ? w[m] / others * (1 - share) : (1 - share) / (w.length - 1);
      }
    }
    return out;
  }

  private static double distance(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.abs(a[i] - b[i]);
    }
    return d;
  }

  private static int[][] neighbours(Taxonomy taxonomy) {
    int[][] out = new int[taxonomy.taskCount()][];
    for (Task t : taxonomy.tasks()) {
      List<Integer> ns = new ArrayList<>();
      for (Task u : taxonomy.tasks()) {
        boolean shares = u.equals(t);
        for (var l : t.labels()) {
          shares |= u.labels().contains(l);
        }
        if (shares) {
          ns.add(u.index());
        }
      }
      out[t.index()] = ns.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private record Pair(int[] rows, int[] correct) {}

  /** Options of the weight search. */
  public static final class Builder {
    private Mean mean = Mean.ARITHMETIC;
    private int steps = 10;
    private int sweeps = 3;
    private boolean perTask = true;
    private double minImprovement = 0;

    private Builder() {}

    /** The mean the ensemble will use (default arithmetic). */
    public Builder mean(Mean value) {
      this.mean = requireNonNull(value, "mean");
      return this;
    }

    /** Grid resolution: shares {@code 0, 1/steps, …, 1} (default 10). */
    public Builder steps(int value) {
      checkArgument(value >= 1 && value <= 100, "steps %s out of 1..100", value);
      this.steps = value;
      return this;
    }

    /**
     * Whether tasks get their own weights after the shared ones are fitted (default true). Off, the
     * fit is one weight vector for all tasks: the safer choice for small validation sets.
     */
    public Builder perTask(boolean value) {
      this.perTask = value;
      return this;
    }

    /**
     * The least gain, as a share of the pairs a task's weights affect, for which a task leaves the
     * shared weights (default 0: any gain). A margin such as 0.01 guards against fitting the noise
     * of a small validation set.
     */
    public Builder minImprovement(double value) {
      checkArgument(value >= 0 && value < 1, "min improvement %s out of [0, 1)", value);
      this.minImprovement = value;
      return this;
    }

    /** Most passes over the tasks (default 3; a pass that changes nothing ends the search). */
    public Builder sweeps(int value) {
      checkArgument(value >= 1 && value <= 20, "sweeps %s out of 1..20", value);
      this.sweeps = value;
      return this;
    }

    /** Builds the fitter. */
    public WeightFitter build() {
      return new WeightFitter(this);
    }
  }
}
