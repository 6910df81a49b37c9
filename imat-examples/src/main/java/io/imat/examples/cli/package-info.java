/** The {@code imat} command line (picocli). */
@NullMarked
package io.imat.examples.cli;

import org.jspecify.annotations.NullMarked;
