package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.examples.bench.AugmentBenchmark;
import io.imat.examples.bench.BenchmarkResult;
import io.imat.examples.bench.Medians;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench augment}: the seed pipeline's throughput, against imgaug's figures for this
 * machine kind in DESIGN.md and, on one thread, against a Python reference run in turn with imat on
 * the same machine: imgaug 0.4.0 itself when its source is given ({@code --imgaug DIR}), else the
 * OpenCV and numpy calls imgaug makes ({@code reference_augment.py}).
 */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Time the seed augmentation pipeline (crop, flip, affine, noise, blur, contrast) on"
          + " synthetic pictures, for each size and thread count. imgaug 0.4.0 measured on this"
          + " machine kind: ~450 img/s at 224 px and ~123 at 512 px on one thread. The one-thread"
          + " rows also run a Python reference in turn with imat and report the ratio measured in"
          + " the same run: with --imgaug DIR, the seed pipeline through imgaug 0.4.0's own"
          + " augmenters; otherwise (or when imgaug cannot run), when a python3 with cv2 and numpy"
          + " is found, the same pipeline made of the OpenCV and numpy calls imgaug makes (an"
          + " upper bound on imgaug's speed)."
    })
final class AugmentBenchCommand implements Callable<Integer> {
  private static final double IMGAUG_224 = 450;
  private static final double IMGAUG_512 = 123;
  // One script: imgaug itself when given its source directory, else imgaug's OpenCV/numpy calls.
  private static final String REFERENCE = "/io/imat/examples/bench/reference_augment.py";
  // What imgaug 0.4.0 imports (Debian: python3-numpy, -scipy, -skimage, -opencv, -imageio,
  // -shapely, -pil, -six).
  private static final String IMGAUG_MODULES =
      "numpy, cv2, scipy, skimage, imageio, shapely, PIL, six";

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

  @Option(
      names = "--imgaug",
      paramLabel = "DIR",
      description =
          "imgaug 0.4.0's source directory (git tag 0.4.0 of aleju/imgaug, holding imgaug/):"
              + " the one-thread rows then run the seed pipeline through imgaug's own augmenters,"
              + " in turn with imat. Without it, or when it cannot run, the OpenCV/numpy calls"
              + " reference.")
  Path imgaug;

  @Mixin ReferenceOptions referenceOptions;

  /** The reference in use, and the arguments its script takes after SIZE SECONDS RUNS. */
  private record Reference(PythonReference python, String what, List<String> extraArgs) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (runs < 1 || rounds < 1 || !(seconds > 0) || !(warmup >= 0)) {
      throw CliException.usage(
          "--runs and --rounds must be at least 1, --seconds positive, --warmup not negative");
    }
    if (imgaug != null && !Files.isRegularFile(imgaug.resolve("imgaug").resolve("__init__.py"))) {
      throw CliException.usage("--imgaug " + imgaug + ": no imgaug/__init__.py there");
    }
    PrintWriter out = common.human();
    Optional<Reference> reference = reference(out);
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

  private Optional<Reference> reference(PrintWriter out) throws IOException {
    if (imgaug != null) {
      Optional<PythonReference> itself =
          referenceOptions.find(REFERENCE, IMGAUG_MODULES, "imgaug 0.4.0", out);
      if (itself.isPresent()) {
        return Optional.of(
            new Reference(
                itself.get(),
                "imgaug 0.4.0 itself (its augmenters, batches of 32)",
                List.of(imgaug.toAbsolutePath().toString())));
      }
    }
    return referenceOptions
        .find(REFERENCE, "cv2, numpy", "OpenCV/numpy", out)
        .map(p -> new Reference(p, "imgaug 0.4.0's OpenCV/numpy calls", List.of()));
  }

  private JsonObject measureWithReference(int size, Reference reference, PrintWriter out)
      throws IOException, InterruptedException {
    List<BenchmarkResult> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(size));
    args.add(String.valueOf(seconds));
    args.add(String.valueOf(runs));
    args.addAll(reference.extraArgs());
    for (int round = 0; round < rounds; round++) {
      BenchmarkResult r = run(size, 1);
      ours.add(r);
      Optional<JsonObject> ref = reference.python().run(common.err(), args.toArray(new String[0]));
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
      row.addProperty("reference", reference.what() + ", 1 thread, " + reference.python().python());
      JsonArray perRound = new JsonArray();
      ratios.forEach(perRound::add);
      row.add("roundRatios", perRound);
      out.printf(
          "  %s, same run:  %8.1f img/s  (imat %.2fx; per round %s)%n",
          reference.what(), ref, ratio, formatRatios(ratios));
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
