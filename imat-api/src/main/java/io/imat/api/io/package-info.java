/** Atomic file writes and the typed error for invalid data files. */
@NullMarked
package io.imat.api.io;

import org.jspecify.annotations.NullMarked;
