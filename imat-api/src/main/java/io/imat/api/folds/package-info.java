/** Multi-label iterative stratification into K folds. */
@NullMarked
package io.imat.api.folds;

import org.jspecify.annotations.NullMarked;
