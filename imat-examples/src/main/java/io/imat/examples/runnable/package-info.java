/** One small runnable program per capability ({@code imat example NAME}). */
@NullMarked
package io.imat.examples.runnable;

import org.jspecify.annotations.NullMarked;
