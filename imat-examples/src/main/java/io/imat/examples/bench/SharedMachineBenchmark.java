package io.imat.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.backbone.Backbone;
import io.imat.models.head.Head;
import io.imat.models.train.PyTorchEnvironment;
import io.imat.models.train.TrainingRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Training step time on a machine shared with a CPU-bound process: each setting (PyTorch threads,
 * inter-op threads, OpenMP wait policy) runs in its own JVM, because OpenMP reads its environment
 * once, when the natives load; a competing process spins on some cores meanwhile. Used by {@code
 * imat bench shared}.
 */
public final class SharedMachineBenchmark {
  private static final String RESULT = "imat-shared-bench-step-seconds ";

  /** The wait-policy setting that leaves the choice to imat's default. */
  public static final String IMAT_DEFAULT = "imat";

  private SharedMachineBenchmark() {}

  /**
   * One setting.
   *
   * @param threads PyTorch intra-op threads
   * @param interopThreads PyTorch inter-op threads, 0 for the engine's default
   * @param waitPolicy {@code OMP_WAIT_POLICY} for the child ({@code ACTIVE}, {@code PASSIVE}); null
   *     to leave it unset (the variable is removed from the child's environment); or {@value
   *     #IMAT_DEFAULT}: unset, and the child lets {@link PyTorchEnvironment#prepare()} choose
   *     before the engine loads, as imat's training does
   */
  public record Setting(int threads, int interopThreads, String waitPolicy) {
    /** A short label, e.g. {@code 2 threads, interop 1, OMP_WAIT_POLICY=PASSIVE}. */
    public String label() {
      return threads
          + (threads == 1 ? " thread" : " threads")
          + (interopThreads > 0 ? ", interop " + interopThreads : "")
          + ", OMP_WAIT_POLICY="
          + (waitPolicy == null
              ? "(unset)"
              : IMAT_DEFAULT.equals(waitPolicy) ? "(imat's default)" : waitPolicy);
    }
  }

  /** What is trained: backbone, input side, batch, and warm-up and timed steps. */
  public record Workload(String backbone, int size, int batch, int warmup, int steps) {}

  /** A competing CPU-bound process: {@code cores} threads that spin until it is closed. */
  public static final class Competitor implements AutoCloseable {
    private final Process process;

    private Competitor(Process process) {
      this.process = process;
    }

    /** Starts a competitor spinning on {@code cores} threads; none for {@code cores <= 0}. */
    public static Competitor start(int cores) throws IOException {
      if (cores <= 0) {
        return new Competitor(null);
      }
      Process p =
          new ProcessBuilder(java(), "-cp", classPath(), Spin.class.getName(), "" + cores)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new Competitor(p);
    }

    @Override
    public void close() throws InterruptedException {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The competitor's main: spins {@code args[0]} threads forever. */
  public static final class Spin {
    private Spin() {}

    /** Spins. */
    public static void main(String[] args) {
      int n = Integer.parseInt(args[0]);
      for (int i = 0; i < n; i++) {
        Thread t =
            new Thread(
                () -> {
                  long x = 0;
                  while (x != -1) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                  }
                });
        t.start();
      }
    }
  }

  /**
   * Runs {@code workload} with {@code setting} in a child JVM and returns the median step time in
   * seconds.
   *
   * @throws IOException if the child fails (its output is in the message)
   */
  public static double measure(Setting setting, Workload workload)
      throws IOException, InterruptedException {
    boolean imat = IMAT_DEFAULT.equals(setting.waitPolicy());
    ProcessBuilder pb =
        new ProcessBuilder(
                java(),
                "-Dai.djl.offline=true",
                "-Dimat.bench.prepare=" + imat,
                "-cp",
                classPath(),
                SharedMachineBenchmark.class.getName(),
                workload.backbone(),
                "" + workload.size(),
                "" + workload.batch(),
                "" + workload.warmup(),
                "" + workload.steps(),
                "" + setting.threads(),
                "" + setting.interopThreads())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("OMP_WAIT_POLICY");
    env.remove("GOMP_SPINCOUNT");
    if (setting.waitPolicy() != null && !imat) {
      env.put("OMP_WAIT_POLICY", setting.waitPolicy());
    }
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("benchmark child did not finish: " + setting.label());
    }
    for (String line : lines) {
      if (line.startsWith(RESULT)) {
        return Double.parseDouble(line.substring(RESULT.length()).trim());
      }
    }
    throw new IOException(
        "benchmark child failed (" + setting.label() + "):\n" + String.join("\n", lines));
  }

  /**
   * The child: args backbone size batch warmup steps threads interopThreads; prints the median step
   * time.
   */
  public static void main(String[] args) {
    if (Boolean.getBoolean("imat.bench.prepare")) {
      PyTorchEnvironment.prepare();
    }
    int interop = Integer.parseInt(args[6]);
    if (interop > 0) {
      // Before any parallel work starts (PyTorch allows it only then).
      Engine.getEngine(TrainingRun.ENGINE);
      JniUtils.setNumInteropThreads(interop);
    }
    TrainStepBenchmark.Result r =
        TrainStepBenchmark.run(
            Backbone.named(args[0]),
            Head.sigmoid(),
            Taxonomy.imaterialist2017(),
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[5]),
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]));
    System.out.println(RESULT + Medians.of(r.stepSeconds()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classPath() {
    return System.getProperty("java.class.path");
  }
}
