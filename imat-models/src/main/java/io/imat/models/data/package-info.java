/**
 * Pictures on disk to batches: decoding, resizing, augmentation and target encoding on a
 * prefetching thread pool.
 */
@NullMarked
package io.imat.models.data;

import org.jspecify.annotations.NullMarked;
