/**
 * The benchmark harnesses behind {@code imat bench augment} and {@code imat bench train}, kept out
 * of the library jars. {@link io.imat.examples.bench.AugmentBenchmark} runs an augmentation
 * pipeline at a given size and thread count with warm-up and repeated timed runs, and returns a
 * {@link io.imat.examples.bench.BenchmarkResult}; {@link io.imat.examples.bench.TrainStepBenchmark}
 * times imat's training step (forward, loss, backward, Adam) on random pictures.
 */
@NullMarked
package io.imat.examples.bench;

import org.jspecify.annotations.NullMarked;
