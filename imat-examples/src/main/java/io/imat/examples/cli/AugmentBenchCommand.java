package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.augment.bench.AugmentBenchmark;
import io.imat.augment.bench.BenchmarkResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat bench augment}: the seed pipeline's throughput. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Time the seed augmentation pipeline (crop, flip, affine, noise, blur, contrast) on"
          + " synthetic pictures, for each size and thread count. imgaug 0.4.0 measured on this"
          + " machine kind: ~810 img/s at 224 px and ~214 at 512 px on one thread."
    })
final class AugmentBenchCommand implements Callable<Integer> {
  private static final double IMGAUG_224 = 810;
  private static final double IMGAUG_512 = 214;

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

  @Override
  public Integer call() {
    PrintWriter out = common.human();
    JsonArray results = new JsonArray();
    for (int size : sizes) {
      for (int t : threads) {
        BenchmarkResult r =
            AugmentBenchmark.builder()
                .size(size)
                .threads(t)
                .runs(runs)
                .runDuration(Duration.ofMillis((long) (seconds * 1000)))
                .build()
                .run();
        JsonObject row = JsonParser.parseString(r.toJson()).getAsJsonObject();
        double imgaug = size == 224 ? IMGAUG_224 : size == 512 ? IMGAUG_512 : Double.NaN;
        String vs = "";
        if (t == 1 && Double.isFinite(imgaug)) {
          row.addProperty("imgaugImagesPerSecond", imgaug);
          row.addProperty("ratioToImgaug", r.imagesPerSecond() / imgaug);
          vs = String.format("  (%.2fx imgaug's %.0f)", r.imagesPerSecond() / imgaug, imgaug);
        }
        out.printf(
            "seed pipeline %4d px, %d thread(s): %8.1f img/s, %8.1f img per CPU-second%s%n",
            size, t, r.imagesPerSecond(), r.imagesPerCpuSecond(), vs);
        out.flush();
        results.add(row);
      }
    }
    JsonObject json = new JsonObject();
    json.add("results", results);
    common.printJson(json);
    return 0;
  }
}
