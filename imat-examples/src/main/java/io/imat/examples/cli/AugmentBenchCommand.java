package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.augment.bench.AugmentBenchmark;
import io.imat.augment.bench.BenchmarkResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench augment}: the seed pipeline's throughput, against imgaug's published figures
 * for this machine kind and, when Python with OpenCV and numpy is installed, against imgaug's own
 * kernels run in turn on the same machine.
 */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Time the seed augmentation pipeline (crop, flip, affine, noise, blur, contrast) on"
          + " synthetic pictures, for each size and thread count. imgaug 0.4.0 measured on this"
          + " machine kind: ~810 img/s at 224 px and ~214 at 512 px on one thread. When a"
          + " python3 with cv2 and numpy is found, the one-thread rows also run, in turn with"
          + " imat, the same pipeline made of the OpenCV and numpy calls imgaug makes (an upper"
          + " bound on imgaug's speed), and report the ratio measured in the same run."
    })
final class AugmentBenchCommand implements Callable<Integer> {
  private static final double IMGAUG_224 = 810;
  private static final double IMGAUG_512 = 214;
  private static final String REFERENCE = "/io/imat/examples/bench/reference_augment.py";

  @Mixin CommonOptions common;

  @Option(
      names = "--sizes",
      defaultValue = "224,512",
      split = ",",
      paramLabel = "PX",
      description = "Picture sides (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--threads",
      defaultValue = "1,2",
      split = ",",
      paramLabel = "N",
      description = "Thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--runs",
      defaultValue = "5",
      paramLabel = "R",
      description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--seconds",
      defaultValue = "2",
      paramLabel = "S",
      description = "Length of each run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      paramLabel = "S",
      description =
          "Warm-up (JIT compilation) before the first measurement; later ones warm up for one"
              + " run length (default: ${DEFAULT-VALUE}).")
  double warmup;

  private boolean warm;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "With the reference: alternate imat and the reference N times per size; the ratio"
              + " reported is the median of the N ratios (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin ReferenceOptions referenceOptions;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (runs < 1 || rounds < 1 || !(seconds > 0) || !(warmup >= 0)) {
      throw CliException.usage(
          "--runs and --rounds must be at least 1, --seconds positive, --warmup not negative");
    }
    PrintWriter out = common.human();
    Optional<PythonReference> reference =
        referenceOptions.find(REFERENCE, "cv2, numpy", "OpenCV/numpy", out);
    JsonArray results = new JsonArray();
    for (int size : sizes) {
      for (int t : threads) {
        JsonObject row =
            t == 1 && reference.isPresent()
                ? measureWithReference(size, reference.get(), out)
                : measure(size, t, out);
        results.add(row);
      }
    }
    JsonObject json = new JsonObject();
    json.add("results", results);
    common.printJson(json);
    return 0;
  }

  private BenchmarkResult run(int size, int t) {
    Duration run = Duration.ofMillis((long) (seconds * 1000));
    BenchmarkResult r =
        AugmentBenchmark.builder()
            .size(size)
            .threads(t)
            .warmup(warm ? run : Duration.ofMillis((long) (warmup * 1000)))
            .runs(runs)
            .runDuration(run)
            .build()
            .run();
    warm = true;
    return r;
  }

  private JsonObject measure(int size, int t, PrintWriter out) {
    BenchmarkResult r = run(size, t);
    JsonObject row = JsonParser.parseString(r.toJson()).getAsJsonObject();
    out.printf(
        "seed pipeline %4d px, %d thread(s): %8.1f img/s, %8.1f img per CPU-second%s%n",
        size, t, r.imagesPerSecond(), r.imagesPerCpuSecond(), versusImgaug(row, size, t, r));
    out.flush();
    return row;
  }

  private JsonObject measureWithReference(int size, PythonReference reference, PrintWriter out)
      throws IOException, InterruptedException {
    List<BenchmarkResult> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      BenchmarkResult r = run(size, 1);
      ours.add(r);
      Optional<JsonObject> ref =
          reference.run(
              common.err(), String.valueOf(size), String.valueOf(seconds), String.valueOf(runs));
      if (ref.isPresent()) {
        double ips = ref.get().get("imagesPerSecond").getAsDouble();
        theirs.add(ips);
        ratios.add(r.imagesPerSecond() / ips);
      }
    }
    BenchmarkResult r = BenchmarkResult.combine(ours);
    JsonObject row = JsonParser.parseString(r.toJson()).getAsJsonObject();
    out.printf(
        "seed pipeline %4d px, 1 thread(s): %8.1f img/s, %8.1f img per CPU-second%s%n",
        size, r.imagesPerSecond(), r.imagesPerCpuSecond(), versusImgaug(row, size, 1, r));
    if (!theirs.isEmpty()) {
      double ref = Medians.of(theirs);
      double ratio = Medians.of(ratios);
      row.addProperty("referenceImagesPerSecond", ref);
      row.addProperty("ratioToReference", ratio);
      row.addProperty(
          "reference", "imgaug 0.4.0's OpenCV/numpy calls, 1 thread, " + reference.python());
      out.printf(
          "  imgaug's OpenCV/numpy calls, same run:  %8.1f img/s  (imat %.2fx; per round %s)%n",
          ref, ratio, formatRatios(ratios));
    }
    out.flush();
    return row;
  }

  private static String versusImgaug(JsonObject row, int size, int t, BenchmarkResult r) {
    double imgaug = size == 224 ? IMGAUG_224 : size == 512 ? IMGAUG_512 : Double.NaN;
    if (t != 1 || !Double.isFinite(imgaug)) {
      return "";
    }
    row.addProperty("imgaugImagesPerSecond", imgaug);
    row.addProperty("ratioToImgaug", r.imagesPerSecond() / imgaug);
    return String.format("  (%.2fx imgaug's %.0f)", r.imagesPerSecond() / imgaug, imgaug);
  }

  private static String formatRatios(List<Double> ratios) {
    List<String> parts = new ArrayList<>();
    for (double v : ratios) {
      parts.add(String.format("%.2f", v));
    }
    return String.join(" ", parts);
  }
}
