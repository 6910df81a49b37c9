package io.imat.models.ensemble;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the predictions of several models into one: a weighted {@link Mean arithmetic or
 * geometric} mean per label, with {@link EnsembleWeights per-task weights}.
 *
 * <pre>{@code
 * Predictions merged = Ensemble.builder()
 *     .mean(Mean.ARITHMETIC)
 *     .weights(EnsembleWeights.of(2, 1))      // image model twice the text model
 *     .build()
 *     .merge(List.of(imagePredictions, textPredictions));
 * }</pre>
 *
 * <ul>
 *   <li>The merged predictions have a row for every image that at least one model has (rows of the
 *       first model first). An image missing from some models — its picture could not be read — is
 *       averaged over the models that have it, with their weights renormalised; so the text model
 *       alone answers for the pictures that are gone.
 *   <li>Weights are per task, rows per label: a label shared by several tasks uses the mean of
 *       their weights (exact for labels of one task).
 *   <li>Values stay in [0, 1] for both means and are not renormalised within tasks: labels are
 *       shared between tasks, and a per-task renormalisation would not change any task's ranking.
 *   <li>The merged predictions keep the priors of the first model unless {@link Builder#priors} is
 *       set, and record the mean and the members in their metadata.
 * </ul>
 *
 * Instances are immutable.
 */
public final class Ensemble {
  private final Mean mean;
  private final Optional<EnsembleWeights> weights;
  private final Optional<TaskPriors> priors;

  private Ensemble(Builder b) {
    this.mean = b.mean;
    this.weights = Optional.ofNullable(b.weights);
    this.priors = Optional.ofNullable(b.priors);
  }

  /** A builder: arithmetic mean, equal weights. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mean. */
  public Mean mean() {
    return mean;
  }

  /** The weights, if set (else equal weights for however many models are merged). */
  public Optional<EnsembleWeights> weights() {
    return weights;
  }

  /**
   * Merges {@code models} (at least one, all over the same taxonomy, as many as the weights have).
   *
   * @throws IllegalArgumentException if the taxonomies differ or the number of models does not
   *     match the weights
   */
  public Predictions merge(List<Predictions> models) {
    checkArgument(!models.isEmpty(), "nothing to merge");
    EnsembleWeights w = weights.orElse(EnsembleWeights.equal(models.size()));
    checkArgument(
        w.models() == models.size(),
        "%s models to merge but weights for %s",
        models.size(),
        w.models());
    Taxonomy taxonomy = models.get(0).taxonomy();
    for (int m = 1; m < models.size(); m++) {
      checkArgument(
          models.get(m).taxonomy().equals(taxonomy),
          "model %s uses another taxonomy than model 1",
          m + 1);
    }
    int n = models.size();
    int labels = taxonomy.labelCount();
    double[][] taskWeights = new double[taxonomy.taskCount()][];
    for (Task t : taxonomy.tasks()) {
      taskWeights[t.index()] = w.forTask(t);
    }
    int[][] tasksOfLabels = MergeKernel.tasksOfLabels(taxonomy);
    double[][] labelWeights = new double[labels][n];
    for (int l = 0; l < labels; l++) {
      MergeKernel.labelWeights(tasksOfLabels[l], taskWeights, w.defaults(), labelWeights[l]);
    }
    Set<String> ids = new LinkedHashSet<>();
    models.forEach(p -> ids.addAll(p.imageIds()));
    Predictions.Builder out =
        Predictions.builder(taxonomy, priors.orElse(models.get(0).priors()))
            .metadata("model", "ensemble")
            .metadata("mean", mean.id())
            .metadata("members", members(models))
            .metadata("weights", w.toString());
    int[] rows = new int[n];
    boolean[] present = new boolean[n];
    float[] values = new float[n];
    for (String id : ids) {
      for (int m = 0; m < n; m++) {
        rows[m] = models.get(m).rowOf(id);
        present[m] = rows[m] >= 0;
      }
      float[] row = new float[labels];
      for (int l = 0; l < labels; l++) {
        for (int m = 0; m < n; m++) {
          values[m] = present[m] ? models.get(m).get(rows[m], l) : 0f;
        }
        row[l] = MergeKernel.combine(mean, labelWeights[l], values, present);
      }
      out.put(id, row);
    }
    return out.build();
  }

  /** Merges {@code models}; see {@link #merge(List)}. */
  public Predictions merge(Predictions... models) {
    return merge(List.of(models));
  }

  private static String members(List<Predictions> models) {
    StringBuilder sb = new StringBuilder();
    for (Predictions p : models) {
      sb.append(sb.length() == 0 ? "" : ", ").append(p.metadata().getOrDefault("model", "?"));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Ensemble{" + mean.id() + ", " + weights.map(Object::toString).orElse("equal") + "}";
  }

  /** Options of an ensemble. */
  public static final class Builder {
    private Mean mean = Mean.ARITHMETIC;
    private EnsembleWeights weights;
    private TaskPriors priors;

    private Builder() {}

    /** The mean (default arithmetic). */
    public Builder mean(Mean value) {
      this.mean = requireNonNull(value, "mean");
      return this;
    }

    /** The weights (default: equal for however many models are merged). */
    public Builder weights(EnsembleWeights value) {
      this.weights = requireNonNull(value, "weights");
      return this;
    }

    /** The priors the merged predictions carry (default: those of the first model). */
    public Builder priors(TaskPriors value) {
      this.priors = requireNonNull(value, "priors");
      return this;
    }

    /** Builds the ensemble. */
    public Ensemble build() {
      return new Ensemble(this);
    }
  }
}
