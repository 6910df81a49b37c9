/** Seeded permutations shared by folds and epoch orders. */
@NullMarked
package io.imat.api.random;

import org.jspecify.annotations.NullMarked;
