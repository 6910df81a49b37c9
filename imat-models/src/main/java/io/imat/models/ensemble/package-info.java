/**
 * Model merging: {@link io.imat.models.ensemble.Ensemble} averages the {@link
 * io.imat.api.predict.Predictions} of several models (arithmetic or geometric {@link
 * io.imat.models.ensemble.Mean}, {@link io.imat.models.ensemble.EnsembleWeights per-task weights}),
 * over the models that have each image, and {@link io.imat.models.ensemble.WeightFitter} fits the
 * weights on validation or out-of-fold predictions to minimise the competition's top-1 error.
 *
 * <pre>{@code
 * WeightFit fit = WeightFitter.builder().build()
 *     .fit(List.of(imageOnValidation, textOnValidation), validation);
 * Predictions merged = fit.ensemble().merge(List.of(imageOnTest, textOnTest));
 * }</pre>
 */
@NullMarked
package io.imat.models.ensemble;

import org.jspecify.annotations.NullMarked;
