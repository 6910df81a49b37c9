/**
 * Disk faults for tests: a directory made read-only even for root (for a full disk, use a jimfs
 * file system with a maximum size).
 */
@NullMarked
package io.imat.testing.faults;

import org.jspecify.annotations.NullMarked;
