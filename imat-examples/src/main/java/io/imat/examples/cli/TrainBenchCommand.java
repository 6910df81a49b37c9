package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.Augmenters;
import io.imat.examples.bench.Medians;
import io.imat.examples.bench.TrainStepBenchmark;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench train}: imat's training step against native PyTorch (when a Python with torch
 * and torchvision is installed), and the input pipeline's throughput.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Time the training step (forward, BCE over 381 labels, backward, Adam) on random pictures,"
          + " for each thread count; the same step in native PyTorch when python3 with torch and"
          + " torchvision is available; and the input pipeline (JPEG decode + seed augmentation +"
          + " batching)."
    })
final class TrainBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--backbone",
      defaultValue = "resnet50",
      paramLabel = "NAME",
      description = "Backbone (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--size",
      defaultValue = "112",
      paramLabel = "PX",
      description = "Input side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--threads",
      defaultValue = "1,2",
      split = ",",
      paramLabel = "N",
      description = "Thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--steps",
      defaultValue = "10",
      paramLabel = "N",
      description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      paramLabel = "R",
      description =
          "Alternate imat and PyTorch R times per thread count (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin ReferenceOptions referenceOptions;

  @Option(names = "--no-pipeline", description = "Skip the input pipeline benchmark.")
  boolean noPipeline;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.human();
    Backbone bb;
    try {
      bb = Backbone.named(backbone);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Taxonomy taxonomy = Taxonomy.imaterialist2017();
    JsonArray results = new JsonArray();
    Optional<PythonReference> reference =
        referenceOptions.find(
            "/io/imat/examples/bench/reference_train.py", "torch, torchvision", "PyTorch", out);
    List<String> archs = referenceArchs();
    for (int t : threads) {
      List<Double> ours = new ArrayList<>();
      Map<String, List<Double>> refs = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        // Alternate the runs so machine noise hits all of them alike.
        ours.add(
            TrainStepBenchmark.run(bb, Head.sigmoid(), taxonomy, size, batch, t, 3, steps)
                .imagesPerSecond());
        if (reference.isPresent()) {
          for (String arch : archs) {
            reference
                .get()
                .run(
                    common.err(),
                    String.valueOf(size),
                    String.valueOf(batch),
                    String.valueOf(t),
                    String.valueOf(steps),
                    arch)
                .ifPresent(
                    json ->
                        refs.computeIfAbsent(arch, k -> new ArrayList<>())
                            .add(json.get("imagesPerSecond").getAsDouble()));
          }
        }
      }
      double o = Medians.of(ours);
      out.printf(
          "imat     %-15s %dpx batch %d, %d thread(s): %6.2f img/s%n",
          bb.name(), size, batch, t, o);
      results.add(row("imat", bb.name(), size, batch, t, o));
      for (Map.Entry<String, List<Double>> e : refs.entrySet()) {
        double p = Medians.of(e.getValue());
        out.printf(
            "pytorch  %-15s %dpx batch %d, %d thread(s): %6.2f img/s  (imat/pytorch %.2f)%n",
            e.getKey(), size, batch, t, p, o / p);
        JsonObject row = row("pytorch", e.getKey(), size, batch, t, p);
        row.addProperty("ratio", o / p);
        results.add(row);
      }
      out.flush();
    }
    if (!noPipeline) {
      pipeline(out, results);
    }
    JsonObject json = new JsonObject();
    json.add("results", results);
    common.printJson(json);
    return 0;
  }

  private void pipeline(PrintWriter out, JsonArray results) throws IOException {
    Path dir = Files.createTempDirectory("imat-bench-pipeline");
    try {
      SyntheticDataset synth =
          SyntheticDataset.builder()
              .images(400)
              .imageSize(256)
              .deadFraction(0)
              .flakyFraction(0)
              .build();
      synth.write(dir);
      PictureSet pics = PictureSet.of(synth.train(), dir.resolve(SyntheticDataset.IMAGES_DIR));
      for (int t : threads) {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          long t0 = System.nanoTime();
          int n = 0;
          try (BatchPipeline p =
              BatchPipeline.builder(pics)
                  .batchSize(batch)
                  .side(224)
                  .augmenter(Augmenters.seedPipeline())
                  .preprocessing(Backbone.RESNET50.preprocessing())
                  .head(Head.sigmoid())
                  .threads(t)
                  .build()) {
            while (p.hasNext()) {
              n += p.next().size();
            }
          }
          rates.add(n / ((System.nanoTime() - t0) / 1e9));
        }
        double m = Medians.of(rates);
        out.printf(
            "pipeline decode+seed augmentation+batch 224px, %d thread(s): %.1f img/s%n", t, m);
        JsonObject row = new JsonObject();
        row.addProperty("name", "input pipeline");
        row.addProperty("size", 224);
        row.addProperty("threads", t);
        row.addProperty("imagesPerSecond", m);
        results.add(row);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The PyTorch networks to compare with: for resnet50 the very same Keras network written in
   * PyTorch, and torchvision's ResNet-50 (v1.5, the usual Python baseline); for resnet18
   * torchvision's.
   */
  private List<String> referenceArchs() {
    return backbone.equals("resnet18")
        ? List.of("resnet18")
        : List.of("keras_resnet50", "resnet50");
  }

  private static JsonObject row(
      String name, String backbone, int size, int batch, int threads, double ips) {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("backbone", backbone);
    o.addProperty("size", size);
    o.addProperty("batch", batch);
    o.addProperty("threads", threads);
    o.addProperty("imagesPerSecond", ips);
    return o;
  }
}
