/**
 * The augmentation benchmark harness behind {@code imat bench augment}: {@link
 * io.imat.augment.bench.AugmentBenchmark} runs a pipeline at a given size and thread count with
 * warm-up and repeated timed runs, and returns a {@link io.imat.augment.bench.BenchmarkResult}.
 */
@NullMarked
package io.imat.augment.bench;

import org.jspecify.annotations.NullMarked;
