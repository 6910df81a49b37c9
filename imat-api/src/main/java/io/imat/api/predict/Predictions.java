package io.imat.api.predict;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Probabilities per image per label (images × labels), the output of every model in imat, plus the
 * per-task training priors used for images without a row (pictures no model could read).
 *
 * <p>The competition's answer for an (image, task) pair is {@link #top1}: the most probable label
 * <em>among that task's labels</em> — labels are shared between tasks, so the global argmax would
 * often be a label of another task.
 *
 * <pre>{@code
 * Predictions p = Predictions.builder(taxonomy, TaskPriors.fromDataset(train))
 *     .put("17", probabilities)   // one float per label, in taxonomy label order
 *     .build();
 * Label color = p.top1("17", taxonomy.task("3")).orElseThrow();
 * p.write(Path.of("model.pred"));
 * }</pre>
 *
 * <p>Instances are immutable. The file format is described in {@link PredictionsFile}.
 */
public final class Predictions implements TopOnePredictor {
  private final Taxonomy taxonomy;
  private final TaskPriors priors;
  private final ImmutableList<String> imageIds;
  private final ImmutableMap<String, Integer> rows;
  private final float[] data;
  private final ImmutableMap<String, String> metadata;

  Predictions(
      Taxonomy taxonomy,
      TaskPriors priors,
      ImmutableList<String> imageIds,
      float[] data,
      ImmutableMap<String, String> metadata) {
    checkArgument(priors.taxonomy().equals(taxonomy), "priors belong to another taxonomy");
    checkArgument(
        data.length == (long) imageIds.size() * taxonomy.labelCount(), "data size mismatch");
    this.taxonomy = taxonomy;
    this.priors = priors;
    this.imageIds = imageIds;
    ImmutableMap.Builder<String, Integer> b = ImmutableMap.builderWithExpectedSize(imageIds.size());
    for (int i = 0; i < imageIds.size(); i++) {
      b.put(imageIds.get(i), i);
    }
    this.rows = b.buildOrThrow();
    this.data = data;
    this.metadata = metadata;
  }

  /** A builder of predictions over {@code taxonomy} carrying {@code priors}. */
  public static Builder builder(Taxonomy taxonomy, TaskPriors priors) {
    return new Builder(taxonomy, priors);
  }

  /**
   * Predictions without a single row: every answer comes from {@code priors}. The majority
   * baseline, and what a model that could read no picture amounts to.
   */
  public static Predictions priorsOnly(TaskPriors priors) {
    return builder(priors.taxonomy(), priors).metadata("model", "priors").build();
  }

  /** Reads a predictions file written by {@link #write}. */
  public static Predictions read(Path file) throws IOException {
    return PredictionsFile.read(file);
  }

  /** Writes this to {@code file} atomically, in the format of {@link PredictionsFile}. */
  public void write(Path file) throws IOException {
    PredictionsFile.write(this, file);
  }

  /** The label space. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** The per-task priors used for images without a row. */
  public TaskPriors priors() {
    return priors;
  }

  /** Free-form facts about where these predictions come from (model, backbone, folds, ...). */
  public ImmutableMap<String, String> metadata() {
    return metadata;
  }

  /** Number of images with a row. */
  public int size() {
    return imageIds.size();
  }

  /** The images with a row, in row order. */
  public ImmutableList<String> imageIds() {
    return imageIds;
  }

  /** Whether {@code imageId} has a row. */
  public boolean contains(String imageId) {
    return rows.containsKey(imageId);
  }

  /** The row of {@code imageId}, or -1. */
  public int rowOf(String imageId) {
    Integer r = rows.get(imageId);
    return r == null ? -1 : r;
  }

  /** The probability at ({@code row}, {@code labelIndex}). */
  public float get(int row, int labelIndex) {
    return data[row * taxonomy.labelCount() + labelIndex];
  }

  /** Copies row {@code row} into {@code dst} (length ≥ label count). */
  public void copyRow(int row, float[] dst) {
    int n = taxonomy.labelCount();
    System.arraycopy(data, row * n, dst, 0, n);
  }

  /** The probabilities of {@code imageId}, one per label, or empty if it has no row. */
  public Optional<float[]> probabilities(String imageId) {
    int r = rowOf(imageId);
    if (r < 0) {
      return Optional.empty();
    }
    float[] out = new float[taxonomy.labelCount()];
    copyRow(r, out);
    return Optional.of(out);
  }

  /**
   * The most probable label of {@code task} for the image in {@code row}, among the task's labels
   * only (first in task order on ties).
   */
  public Label top1(int row, Task task) {
    ImmutableList<Label> labels = task.labels();
    checkArgument(!labels.isEmpty(), "task %s has no labels", task);
    int base = row * taxonomy.labelCount();
    Label best = labels.get(0);
    float bestP = data[base + best.index()];
    for (int k = 1; k < labels.size(); k++) {
      Label l = labels.get(k);
      float p = data[base + l.index()];
      if (p > bestP) {
        best = l;
        bestP = p;
      }
    }
    return best;
  }

  /**
   * The competition answer for the image in {@code row} (-1 for an image without a row) and {@code
   * task}: the task's prior top label when the image has no row (no model could read its picture)
   * or the task is untrained ({@link TaskPriors#isUntrained}: no model learnt it), else {@link
   * #top1(int, Task)}. Submissions and the metric answer through this one rule.
   */
  public Label answer(int row, Task task) {
    return row < 0 || priors.isUntrained(task) ? priors.top(task) : top1(row, task);
  }

  /** The competition answer for ({@code imageId}, {@code task}) ({@link #answer}). Never empty. */
  @Override
  public Optional<Label> top1(String imageId, Task task) {
    return Optional.of(answer(rowOf(imageId), task));
  }

  /**
   * The rows of the images in {@code imageIds} that have one, in the order given (ids without a row
   * are skipped); same taxonomy, priors and metadata.
   */
  public Predictions subset(Collection<String> imageIds) {
    int n = taxonomy.labelCount();
    List<String> ids = new ArrayList<>();
    List<Integer> picked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : imageIds) {
      int r = rowOf(id);
      if (r >= 0 && seen.add(id)) {
        ids.add(id);
        picked.add(r);
      }
    }
    float[] out = new float[picked.size() * n];
    for (int k = 0; k < picked.size(); k++) {
      System.arraycopy(data, picked.get(k) * n, out, k * n, n);
    }
    return new Predictions(taxonomy, priors, ImmutableList.copyOf(ids), out, metadata);
  }

  /** A copy with other metadata. */
  public Predictions withMetadata(Map<String, String> values) {
    return new Predictions(taxonomy, priors, imageIds, data, ImmutableMap.copyOf(values));
  }

  /** A copy carrying other priors (same taxonomy). */
  public Predictions withPriors(TaskPriors other) {
    return new Predictions(taxonomy, other, imageIds, data, metadata);
  }

  // The raw matrix, for the file writer only.
  float[] data() {
    return data;
  }

  @Override
  public String toString() {
    return String.format(
        "Predictions{%d images x %d labels%s}",
        size(), taxonomy.labelCount(), metadata.isEmpty() ? "" : ", " + metadata);
  }

  /** Collects rows. Every value must be a finite probability in [0, 1]. */
  public static final class Builder {
    private final Taxonomy taxonomy;
    private final TaskPriors priors;
    private final Map<String, float[]> rows = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(Taxonomy taxonomy, TaskPriors priors) {
      checkArgument(priors.taxonomy().equals(taxonomy), "priors belong to another taxonomy");
      this.taxonomy = taxonomy;
      this.priors = priors;
    }

    /**
     * Adds the row of {@code imageId}: one probability per label in taxonomy label order.
     *
     * @throws IllegalArgumentException for a wrong length, a value outside [0, 1] or NaN, or an
     *     image that already has a row
     */
    public Builder put(String imageId, float[] probabilities) {
      checkArgument(
          probabilities.length == taxonomy.labelCount(),
          "image %s: %s values for %s labels",
          imageId,
          probabilities.length,
          taxonomy.labelCount());
      for (int k = 0; k < probabilities.length; k++) {
        float p = probabilities[k];
        checkArgument(
            p >= 0f && p <= 1f, "image %s, label %s: %s is not a probability", imageId, k, p);
      }
      checkArgument(!rows.containsKey(imageId), "image %s already has a row", imageId);
      rows.put(imageId, probabilities.clone());
      return this;
    }

    /** Whether {@code imageId} already has a row. */
    public boolean contains(String imageId) {
      return rows.containsKey(imageId);
    }

    /** Records a metadata entry. */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** Builds the predictions. */
    public Predictions build() {
      int n = taxonomy.labelCount();
      float[] data = new float[rows.size() * n];
      List<String> ids = new ArrayList<>(rows.size());
      int r = 0;
      for (Map.Entry<String, float[]> e : rows.entrySet()) {
        ids.add(e.getKey());
        System.arraycopy(e.getValue(), 0, data, r++ * n, n);
      }
      return new Predictions(
          taxonomy, priors, ImmutableList.copyOf(ids), data, ImmutableMap.copyOf(metadata));
    }
  }
}
