package io.imat.models.ensemble;

import com.google.common.collect.ImmutableList;
import io.imat.metrics.ErrorReport;

/**
 * What {@link WeightFitter} found: the per-task weights, the ensemble that applies them, and the
 * validation top-1 error of each model alone, of the starting weights and of the fitted weights.
 * The last is measured on the data the weights were fitted on, so it is optimistic; judge the
 * ensemble on other data.
 *
 * @param weights the fitted weights: the shared ones as defaults and, when fitted per task, its own
 *     for every task with validation pairs
 * @param mean the mean the weights were fitted for
 * @param modelReports each model alone on the validation data, in input order
 * @param initialReport the ensemble with the starting weights on the validation data
 * @param fittedReport the ensemble with the fitted weights on the validation data
 */
public record WeightFit(
    EnsembleWeights weights,
    Mean mean,
    ImmutableList<ErrorReport> modelReports,
    ErrorReport initialReport,
    ErrorReport fittedReport) {

  /** The ensemble that applies the fitted weights with the fitted mean. */
  public Ensemble ensemble() {
    return Ensemble.builder().mean(mean).weights(weights).build();
  }
}
