package io.imat.models.cv;

import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Taxonomy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Averages the rows of several predictions image by image, over the models that have the image: how
 * {@link CrossValidation} averages its fold models. Sums in double precision in the order the
 * predictions are added; rows appear in the order their image was first seen.
 */
public final class Averager {
  private final Taxonomy taxonomy;
  private final TaskPriors priors;
  private final Map<String, double[]> sums = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  /** An empty average over {@code taxonomy}, carrying {@code priors}. */
  public Averager(Taxonomy taxonomy, TaskPriors priors) {
    this.taxonomy = taxonomy;
    this.priors = priors;
  }

  /** Adds every row of {@code p} (same taxonomy). */
  public void add(Predictions p) {
    float[] row = new float[taxonomy.labelCount()];
    for (int r = 0; r < p.size(); r++) {
      p.copyRow(r, row);
      double[] s = sums.computeIfAbsent(p.imageIds().get(r), k -> new double[row.length]);
      for (int l = 0; l < row.length; l++) {
        s[l] += row[l];
      }
      counts.merge(p.imageIds().get(r), 1, Integer::sum);
    }
  }

  /** The mean rows so far. */
  public Predictions build() {
    Predictions.Builder b = Predictions.builder(taxonomy, priors);
    float[] row = new float[taxonomy.labelCount()];
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      int n = counts.get(e.getKey());
      for (int l = 0; l < row.length; l++) {
        row[l] = (float) Math.min(1.0, e.getValue()[l] / n);
      }
      b.put(e.getKey(), row);
    }
    return b.metadata("model", "image (fold average)").build();
  }
}
