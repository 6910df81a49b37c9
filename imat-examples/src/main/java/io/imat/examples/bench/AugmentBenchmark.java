package io.imat.examples.bench;

import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.augment.BatchAugmenter;
import io.imat.augment.image.Image;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Measures augmentation throughput: a batch of synthetic square pictures goes through a pipeline
 * (by default {@link Augmenters#seedPipeline()}) on a {@link BatchAugmenter} with a given thread
 * count, first for a warm-up period (JIT compilation), then for several timed runs. Returns the
 * per-run throughput and its median. Meant for {@code imat bench augment} and for running by hand
 * ({@link #main}); unit tests never assert its numbers.
 */
public final class AugmentBenchmark {
  private final Augmenter augmenter;
  private final int size;
  private final int threads;
  private final Duration warmup;
  private final int runs;
  private final Duration runDuration;
  private final int batchSize;
  private final long seed;

  private AugmentBenchmark(Builder b) {
    this.augmenter = b.augmenter;
    this.size = b.size;
    this.threads = b.threads;
    this.warmup = b.warmup;
    this.runs = b.runs;
    this.runDuration = b.runDuration;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
  }

  /** A builder: seed pipeline, 224 px, 1 thread, 2 s warm-up, 5 runs of 2 s, batches of 32. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the benchmark; takes about {@code warmup + runs · runDuration}. */
  public BenchmarkResult run() {
    List<Image> batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(syntheticPicture(size, size, seed + i));
    }
    long batchSeed = seed;
    long sink = 0;
    try (BatchAugmenter batches =
        BatchAugmenter.builder().augmenter(augmenter).threads(threads).build()) {
      long end = System.nanoTime() + warmup.toNanos();
      do {
        sink += checksum(batches.augment(batch, batchSeed++));
      } while (System.nanoTime() < end);

      List<Double> perRun = new ArrayList<>(runs);
      List<Double> perCpu = new ArrayList<>(runs);
      long images = 0;
      long totalNanos = 0;
      for (int r = 0; r < runs; r++) {
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long stop = start + runDuration.toNanos();
        long done = 0;
        long now;
        do {
          sink += checksum(batches.augment(batch, batchSeed++));
          done += batchSize;
          now = System.nanoTime();
        } while (now < stop);
        long elapsed = now - start;
        long cpu = processCpuNanos() - cpuStart;
        perRun.add(done * 1e9 / elapsed);
        if (cpuStart >= 0 && cpu > 0) {
          perCpu.add(done * 1e9 / cpu);
        }
        images += done;
        totalNanos += elapsed;
      }
      if (sink == 42) {
        // Consumes the results so the JIT cannot drop any work; practically never true.
        System.err.print("");
      }
      return BenchmarkResult.create(size, threads, perRun, perCpu, images, totalNanos / 1e9);
    }
  }

  /** CPU time of the whole process in nanoseconds, or -1 where the JVM does not report it. */
  private static long processCpuNanos() {
    try {
      java.lang.management.OperatingSystemMXBean os =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      }
    } catch (LinkageError e) {
      // A runtime image without the jdk.management module: no CPU figure, wall-clock only.
    }
    return -1;
  }

  private static long checksum(List<Image> images) {
    long s = 0;
    for (Image im : images) {
      s += im.get(im.width() / 2, im.height() / 2, 0);
    }
    return s;
  }

  /**
   * A deterministic photo-like RGB picture: smooth colour gradients, a few discs and mild grain, so
   * interpolation and blur do representative work.
   */
  public static Image syntheticPicture(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int discs = 6;
    double[] cx = new double[discs];
    double[] cy = new double[discs];
    double[] rr = new double[discs];
    int[][] colour = new int[discs][3];
    for (int i = 0; i < discs; i++) {
      cx[i] = random.nextDouble() * width;
      cy[i] = random.nextDouble() * height;
      rr[i] = (0.05 + 0.2 * random.nextDouble()) * Math.min(width, height);
      for (int c = 0; c < 3; c++) {
        colour[i][c] = random.nextInt(256);
      }
    }
    byte[] grain = new byte[width * height];
    random.nextBytes(grain);
    return Image.generate(
        width,
        height,
        3,
        (x, y, c) -> {
          int v = (int) (255.0 * (c == 0 ? x : c == 1 ? y : x + y) / (width + height));
          for (int i = 0; i < discs; i++) {
            double dx = x - cx[i];
            double dy = y - cy[i];
            if (dx * dx + dy * dy < rr[i] * rr[i]) {
              v = colour[i][c];
            }
          }
          return Math.max(0, Math.min(255, v + (grain[y * width + x] >> 5)));
        });
  }

  /**
   * Benchmarks the seed pipeline and prints {@code {"results": [...]}} to stdout. Options: {@code
   * --sizes 224,512 --threads 1,2 --runs 5 --seconds 2 --warmup 3 --batch 32}.
   */
  public static void main(String[] args) {
    List<Integer> sizes = List.of(224, 512);
    List<Integer> threadCounts = List.of(1, 2);
    int runs = 5;
    double seconds = 2;
    double warmup = 3;
    int batch = 32;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--sizes":
          sizes = ints(value);
          i++;
          break;
        case "--threads":
          threadCounts = ints(value);
          i++;
          break;
        case "--runs":
          runs = Integer.parseInt(value);
          i++;
          break;
        case "--seconds":
          seconds = Double.parseDouble(value);
          i++;
          break;
        case "--warmup":
          warmup = Double.parseDouble(value);
          i++;
          break;
        case "--batch":
          batch = Integer.parseInt(value);
          i++;
          break;
        default:
          System.err.println("unknown option " + args[i]);
          System.exit(2);
      }
    }
    List<String> results = new ArrayList<>();
    for (int size : sizes) {
      for (int t : threadCounts) {
        BenchmarkResult r =
            builder()
                .size(size)
                .threads(t)
                .runs(runs)
                .runDuration(Duration.ofMillis((long) (seconds * 1000)))
                .warmup(Duration.ofMillis((long) (warmup * 1000)))
                .batchSize(batch)
                .build()
                .run();
        System.err.printf(
            Locale.ROOT,
            "size %d, %d thread(s): %.1f img/s (%.1f per CPU-second)%n",
            size,
            t,
            r.imagesPerSecond(),
            r.imagesPerCpuSecond());
        results.add(r.toJson());
      }
    }
    System.out.println("{\"results\": [" + String.join(", ", results) + "]}");
  }

  private static List<Integer> ints(String csv) {
    return java.util.Arrays.stream(csv.split(","))
        .map(String::trim)
        .map(Integer::parseInt)
        .collect(Collectors.toList());
  }

  /** Configures an {@link AugmentBenchmark}. */
  public static final class Builder {
    private Augmenter augmenter = Augmenters.seedPipeline();
    private int size = 224;
    private int threads = 1;
    private Duration warmup = Duration.ofSeconds(2);
    private int runs = 5;
    private Duration runDuration = Duration.ofSeconds(2);
    private int batchSize = 32;
    private long seed = 1;

    private Builder() {}

    /** The pipeline to measure (default: the seed pipeline). */
    public Builder augmenter(Augmenter augmenter) {
      this.augmenter = Objects.requireNonNull(augmenter);
      return this;
    }

    /** Side of the square pictures, in pixels (default 224). */
    public Builder size(int size) {
      if (size < 1 || size > Image.MAX_SIDE) {
        throw new IllegalArgumentException("size must be in [1, " + Image.MAX_SIDE + "]");
      }
      this.size = size;
      return this;
    }

    /** Threads, the caller included (default 1). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Untimed warm-up before the runs (default 2 s). */
    public Builder warmup(Duration warmup) {
      if (warmup.isNegative()) {
        throw new IllegalArgumentException("warmup must not be negative");
      }
      this.warmup = warmup;
      return this;
    }

    /** Number of timed runs, whose median is reported (default 5). */
    public Builder runs(int runs) {
      if (runs < 1) {
        throw new IllegalArgumentException("runs must be >= 1, got " + runs);
      }
      this.runs = runs;
      return this;
    }

    /** Minimum length of each timed run; a run always finishes its last batch (default 2 s). */
    public Builder runDuration(Duration runDuration) {
      if (runDuration.isNegative() || runDuration.isZero()) {
        throw new IllegalArgumentException("run duration must be positive");
      }
      this.runDuration = runDuration;
      return this;
    }

    /** Pictures per batch (default 32). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Seed for the pictures and the augmentation (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The configured benchmark. */
    public AugmentBenchmark build() {
      return new AugmentBenchmark(this);
    }
  }
}
