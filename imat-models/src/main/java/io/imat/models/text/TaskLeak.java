package io.imat.models.text;

import io.imat.api.taxonomy.Task;

/**
 * How much one task leaks through image URLs, and what the text model makes of it.
 *
 * @param task the task
 * @param pairs annotated (image, task) pairs
 * @param named pairs whose URLs contain a word of one of the correct labels (plurals count: {@code
 *     shoes} names {@code shoe})
 * @param misnamed pairs whose URLs name another label of the task and no correct one
 * @param priorErrors errors of the majority answer (the task's most frequent label)
 * @param textErrors errors of the text model's out-of-fold predictions
 */
public record TaskLeak(
    Task task, int pairs, int named, int misnamed, int priorErrors, int textErrors) {

  /** Share of pairs whose URL names a correct label. */
  public double namedRate() {
    return rate(named);
  }

  /** Share of pairs whose URL names only wrong labels of the task. */
  public double misnamedRate() {
    return rate(misnamed);
  }

  /** Top-1 error of the majority answer. */
  public double priorError() {
    return rate(priorErrors);
  }

  /** Top-1 error of the text model (out of fold). */
  public double textError() {
    return rate(textErrors);
  }

  private double rate(int count) {
    return pairs == 0 ? Double.NaN : (double) count / pairs;
  }
}
