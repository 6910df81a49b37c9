/**
 * Keras weights in HDF5: import by layer name with layout conversion, and export in the {@code
 * save_weights} layout.
 */
@NullMarked
package io.imat.models.keras;

import org.jspecify.annotations.NullMarked;
