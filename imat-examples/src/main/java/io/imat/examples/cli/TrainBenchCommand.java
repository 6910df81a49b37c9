package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.Augmenters;
import io.imat.examples.bench.Medians;
import io.imat.examples.bench.OperatorProfile;
import io.imat.examples.bench.TrainStepBenchmark;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.CpuFeatures;
import io.imat.models.train.Precision;
import io.imat.models.train.StepPhase;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private static final int PROFILED_STEPS = 3;
  private static final int TOP_OPERATORS = 12;

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

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      split = ",",
      paramLabel = "P",
      description =
          "Precisions to time, fp32 and/or bf16 (default: ${DEFAULT-VALUE}); the PyTorch"
              + " reference runs bf16 under torch.autocast(\"cpu\", dtype=torch.bfloat16).")
  List<String> precisions;

  @Option(
      names = "--profile",
      description =
          "Instead of the throughput, split the step by phase (input, forward, loss, backward,"
              + " optimizer) and by PyTorch operator (self time from PyTorch's profiler), for imat"
              + " and for the same Keras network in PyTorch.")
  boolean profile;

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
    if (profile) {
      for (int t : threads) {
        profile(bb, taxonomy, t, reference, out, results);
      }
      JsonObject json = new JsonObject();
      json.add("results", results);
      common.printJson(json);
      return 0;
    }
    List<Precision> chosen = new ArrayList<>();
    try {
      for (String p : precisions) {
        chosen.add(Precision.ofSupported(p, CpuFeatures.current()));
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--precision: " + e.getMessage());
    }
    for (int t : threads) {
      Map<Precision, List<Double>> ours = new LinkedHashMap<>();
      Map<String, List<Double>> refs = new LinkedHashMap<>();
      for (int r = 0; r < rounds; r++) {
        // Alternate the runs so machine noise hits all of them alike.
        for (Precision precision : chosen) {
          ours.computeIfAbsent(precision, k -> new ArrayList<>())
              .add(
                  TrainStepBenchmark.run(
                          bb, Head.sigmoid(), taxonomy, size, batch, t, 3, steps, precision)
                      .imagesPerSecond());
          if (reference.isPresent()) {
            for (String arch : archs) {
              List<String> args =
                  new ArrayList<>(
                      List.of(
                          String.valueOf(size),
                          String.valueOf(batch),
                          String.valueOf(t),
                          String.valueOf(steps),
                          arch));
              if (precision == Precision.BF16) {
                args.add("bf16");
              }
              reference
                  .get()
                  .run(common.err(), args.toArray(String[]::new))
                  .ifPresent(
                      json ->
                          refs.computeIfAbsent(
                                  referenceKey(arch, precision), k -> new ArrayList<>())
                              .add(json.get("imagesPerSecond").getAsDouble()));
            }
          }
        }
      }
      double fp32 = ours.containsKey(Precision.FP32) ? Medians.of(ours.get(Precision.FP32)) : 0;
      for (Map.Entry<Precision, List<Double>> mine : ours.entrySet()) {
        Precision precision = mine.getKey();
        double o = Medians.of(mine.getValue());
        out.printf(
            "imat     %-15s %dpx batch %d, %d thread(s) %s: %6.2f img/s%s%n",
            bb.name(),
            size,
            batch,
            t,
            precision.id(),
            o,
            precision != Precision.FP32 && fp32 > 0
                ? String.format("  (%s/fp32 %.2f)", precision.id(), o / fp32)
                : "");
        JsonObject mineRow = row("imat", bb.name(), size, batch, t, o);
        mineRow.addProperty("precision", precision.id());
        results.add(mineRow);
        for (String arch : archs) {
          List<Double> theirs = refs.get(referenceKey(arch, precision));
          if (theirs == null) {
            continue;
          }
          double p = Medians.of(theirs);
          out.printf(
              "pytorch  %-15s %dpx batch %d, %d thread(s) %s: %6.2f img/s  (imat/pytorch %.2f)%n",
              arch, size, batch, t, precision.id(), p, o / p);
          JsonObject row = row("pytorch", arch, size, batch, t, p);
          row.addProperty("precision", precision.id());
          row.addProperty("ratio", o / p);
          results.add(row);
        }
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

  private void profile(
      Backbone bb,
      Taxonomy taxonomy,
      int t,
      Optional<PythonReference> reference,
      PrintWriter out,
      JsonArray results)
      throws IOException, InterruptedException {
    Path trace = Files.createTempFile("imat-profile", ".json");
    TrainStepBenchmark.Profile ours;
    try {
      ours =
          TrainStepBenchmark.profile(
              bb, Head.sigmoid(), taxonomy, size, batch, t, steps, PROFILED_STEPS, trace);
    } finally {
      Files.deleteIfExists(trace);
    }
    Map<String, Double> refPhases = new LinkedHashMap<>();
    OperatorProfile refOps = null;
    String arch = referenceArchs().get(0);
    if (reference.isPresent()) {
      Optional<JsonObject> json =
          reference
              .get()
              .run(
                  common.err(),
                  String.valueOf(size),
                  String.valueOf(batch),
                  String.valueOf(t),
                  String.valueOf(steps),
                  arch,
                  "profile");
      if (json.isPresent()) {
        json.get()
            .getAsJsonObject("phases")
            .entrySet()
            .forEach(e -> refPhases.put(e.getKey(), e.getValue().getAsDouble()));
        refOps = OperatorProfile.fromJson(json.get().getAsJsonObject("ops"));
      }
    }
    out.printf(
        "%s %dpx batch %d, %d thread(s): median seconds per step by phase%n",
        bb.name(), size, batch, t);
    out.printf("  %-10s %9s %9s %7s%n", "phase", "imat", "pytorch", "ratio");
    double ourTotal = 0;
    double refTotal = 0;
    JsonObject phases = new JsonObject();
    for (Map.Entry<StepPhase, Double> e : ours.phaseSeconds().entrySet()) {
      String name = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      Double ref = refPhases.get(name);
      ourTotal += e.getValue();
      refTotal += ref == null ? 0 : ref;
      out.printf(
          "  %-10s %9.4f %9s %7s%n",
          name,
          e.getValue(),
          ref == null ? "-" : String.format("%.4f", ref),
          ref == null || ref == 0 ? "" : String.format("%.2f", e.getValue() / ref));
      JsonObject ph = new JsonObject();
      ph.addProperty("imatSeconds", e.getValue());
      if (ref != null) {
        ph.addProperty("pytorchSeconds", ref);
      }
      phases.add(name, ph);
    }
    out.printf(
        "  %-10s %9.4f %9s %7s%n",
        "step",
        ourTotal,
        refPhases.isEmpty() ? "-" : String.format("%.4f", refTotal),
        refPhases.isEmpty() ? "" : String.format("%.2f", ourTotal / refTotal));
    out.printf(
        "  operators by self time per step (PyTorch profiler over %d steps), ms and calls:%n",
        PROFILED_STEPS);
    Set<String> top =
        new LinkedHashSet<>(
            ours.operators()
                .byTime()
                .subList(0, Math.min(TOP_OPERATORS, ours.operators().byTime().size())));
    if (refOps != null) {
      List<String> theirs = refOps.byTime();
      top.addAll(theirs.subList(0, Math.min(TOP_OPERATORS, theirs.size())));
    }
    out.printf("  %-44s %18s %18s%n", "operator", "imat", "pytorch");
    for (String op : top) {
      out.printf(
          "  %-44s %10.1f (%5.0f) %18s%n",
          op.length() > 44 ? op.substring(0, 44) : op,
          ours.operators().selfSeconds(op) * 1e3,
          ours.operators().calls(op),
          refOps == null
              ? "-"
              : String.format("%10.1f (%5.0f)", refOps.selfSeconds(op) * 1e3, refOps.calls(op)));
    }
    out.printf(
        "  %-44s %10.1f         %10.1f%n",
        "all operators",
        ours.operators().totalSeconds() * 1e3,
        refOps == null ? Double.NaN : refOps.totalSeconds() * 1e3);
    out.flush();
    JsonObject row = row("imat profile", bb.name(), size, batch, t, batch / ourTotal);
    row.add("phases", phases);
    row.add("operators", ours.operators().toJson());
    if (refOps != null) {
      row.addProperty("reference", arch);
      row.add("referenceOperators", refOps.toJson());
    }
    results.add(row);
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

  private static String referenceKey(String arch, Precision precision) {
    return arch + "/" + precision.id();
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
