/** The Kaggle submission: writing and validating {@code id,predicted} CSV files. */
@NullMarked
package io.imat.api.submission;

import org.jspecify.annotations.NullMarked;
