/**
 * A seeded mutation fuzzer for file readers: valid files in, mutated bytes to the reader, and every
 * outcome other than success or an {@code IOException} (a runtime exception, an error, a hang, an
 * allocation out of proportion to the input) reported as a finding.
 */
@NullMarked
package io.imat.testing.fuzz;

import org.jspecify.annotations.NullMarked;
