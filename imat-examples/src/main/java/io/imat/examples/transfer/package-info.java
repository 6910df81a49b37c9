/** The pretrained-versus-random experiment behind {@code imat bench transfer}. */
@NullMarked
package io.imat.examples.transfer;

import org.jspecify.annotations.NullMarked;
