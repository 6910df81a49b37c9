/** K-fold cross-validation with out-of-fold predictions and fold averaging. */
@NullMarked
package io.imat.models.cv;

import org.jspecify.annotations.NullMarked;
