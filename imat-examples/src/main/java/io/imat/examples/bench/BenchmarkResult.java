package io.imat.examples.bench;

import com.google.auto.value.AutoValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome of one {@link AugmentBenchmark} configuration: throughput of each timed run and their
 * median, the number to report (a shared, noisy machine makes single runs unreliable).
 */
@AutoValue
public abstract class BenchmarkResult {
  BenchmarkResult() {}

  static BenchmarkResult create(
      int size, int threads, List<Double> runs, List<Double> cpuRuns, long images, double sec) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a benchmark result needs at least one run");
    }
    return new AutoValue_BenchmarkResult(
        size, threads, List.copyOf(runs), List.copyOf(cpuRuns), images, sec);
  }

  /**
   * The runs of several measurements of one configuration as one result (for measurements taken in
   * turn with another loop's, so that machine noise hits both alike).
   *
   * @throws IllegalArgumentException if {@code parts} is empty or mixes sizes or thread counts
   */
  public static BenchmarkResult combine(List<BenchmarkResult> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to combine");
    }
    BenchmarkResult first = parts.get(0);
    List<Double> runs = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    long images = 0;
    double seconds = 0;
    for (BenchmarkResult p : parts) {
      if (p.size() != first.size() || p.threads() != first.threads()) {
        throw new IllegalArgumentException(
            "cannot combine results of different configurations: " + first + " and " + p);
      }
      runs.addAll(p.runsImagesPerSecond());
      cpu.addAll(p.runsImagesPerCpuSecond());
      images += p.images();
      seconds += p.seconds();
    }
    return create(first.size(), first.threads(), runs, cpu, images, seconds);
  }

  /** Side of the square input pictures, in pixels. */
  public abstract int size();

  /** Threads augmenting in parallel. */
  public abstract int threads();

  /** Images per second of each timed run, in run order. */
  public abstract List<Double> runsImagesPerSecond();

  /**
   * Images per second of process CPU time (all threads, GC and JIT included) of each timed run;
   * empty where the JVM does not report process CPU time. Much less sensitive than wall-clock
   * throughput to other processes sharing the machine.
   */
  public abstract List<Double> runsImagesPerCpuSecond();

  /** Images augmented in the timed runs. */
  public abstract long images();

  /** Seconds spent in the timed runs. */
  public abstract double seconds();

  /** Median images per second over the timed runs. */
  public double imagesPerSecond() {
    return Medians.of(runsImagesPerSecond());
  }

  /** Median images per CPU-second over the timed runs; NaN when not measured. */
  public double imagesPerCpuSecond() {
    return runsImagesPerCpuSecond().isEmpty() ? Double.NaN : Medians.of(runsImagesPerCpuSecond());
  }

  /** The slowest run, images per second. */
  public double minImagesPerSecond() {
    return runsImagesPerSecond().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** The fastest run, images per second. */
  public double maxImagesPerSecond() {
    return runsImagesPerSecond().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /**
   * One JSON object: {@code size, threads, imagesPerSecond} (the median), {@code
   * minImagesPerSecond, maxImagesPerSecond, runs, imagesPerCpuSecond} (median; {@code null} if not
   * measured), {@code images, seconds}.
   */
  public String toJson() {
    double cpu = imagesPerCpuSecond();
    return String.format(
        Locale.ROOT,
        "{\"size\": %d, \"threads\": %d, \"imagesPerSecond\": %.1f, \"minImagesPerSecond\": %.1f,"
            + " \"maxImagesPerSecond\": %.1f, \"runs\": [%s], \"imagesPerCpuSecond\": %s,"
            + " \"images\": %d, \"seconds\": %.3f}",
        size(),
        threads(),
        imagesPerSecond(),
        minImagesPerSecond(),
        maxImagesPerSecond(),
        runsImagesPerSecond().stream()
            .map(v -> String.format(Locale.ROOT, "%.1f", v))
            .collect(Collectors.joining(", ")),
        Double.isNaN(cpu) ? "null" : String.format(Locale.ROOT, "%.1f", cpu),
        images(),
        seconds());
  }
}
