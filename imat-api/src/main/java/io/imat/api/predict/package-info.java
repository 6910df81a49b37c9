/**
 * Predictions (images × labels probabilities), their training priors, the one rule that turns them
 * into answers, and the {@code .pred} file format.
 */
@NullMarked
package io.imat.api.predict;

import org.jspecify.annotations.NullMarked;
