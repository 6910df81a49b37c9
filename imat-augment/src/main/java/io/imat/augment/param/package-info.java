/**
 * Per-image random parameters in imgaug's vocabulary: a constant, a uniform range, a list to choose
 * from. {@link io.imat.augment.param.Param} is the one type; its bounds let builders reject bad
 * ranges up front.
 */
@NullMarked
package io.imat.augment.param;

import org.jspecify.annotations.NullMarked;
