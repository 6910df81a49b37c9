/** The end-to-end demo behind {@code imat quickstart}. */
@NullMarked
package io.imat.examples.quickstart;

import org.jspecify.annotations.NullMarked;
