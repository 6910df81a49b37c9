package io.imat.examples.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.examples.bench.Medians;
import io.imat.models.backbone.Backbone;
import io.imat.models.layers.BatchNormFolding;
import io.imat.models.train.NoGrad;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat bench embed}: inference throughput of the backbones at their default sizes. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Time inference (forward pass to pooled features, PyTorch engine) of each backbone at its"
          + " default input size on random pictures; the median of several batches is reported."
    })
final class EmbedBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin ReferenceOptions referenceOptions;

  @Option(
      names = "--backbones",
      defaultValue = "resnet50,inception_v3,xception",
      split = ",",
      paramLabel = "NAME",
      description = "Backbones (default: ${DEFAULT-VALUE}).")
  List<String> backbones;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Pictures per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--size",
      defaultValue = "0",
      paramLabel = "PX",
      description = "Input side (default: each backbone's own).")
  int size;

  @Option(
      names = "--runs",
      defaultValue = "5",
      paramLabel = "R",
      description =
          "Timed batches after one warm-up; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "PyTorch intra-op threads (default: the engine's choice).")
  int threads;

  @Override
  public Integer call() throws java.io.IOException, InterruptedException {
    if (batch < 1 || runs < 1 || threads < 0 || size < 0) {
      throw CliException.usage("--batch and --runs must be positive, --threads and --size >= 0");
    }
    List<Backbone> chosen = new ArrayList<>();
    for (String name : backbones) {
      try {
        chosen.add(Backbone.named(name));
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    Engine.getEngine("PyTorch");
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
    PrintWriter out = common.human();
    JsonArray results = new JsonArray();
    // PyTorch runs the same ResNet-50 (Keras layout) and torchvision's, eval mode, no_grad.
    Optional<PythonReference> reference =
        chosen.stream().anyMatch(b -> b.name().equals("resnet50"))
            ? referenceOptions.find(
                "/io/imat/examples/bench/reference_train.py", "torch, torchvision", "PyTorch", out)
            : Optional.empty();
    for (Backbone b : chosen) {
      int side = size > 0 ? size : b.defaultImageSize();
      double[] rates = new double[runs];
      double[] unfoldedRates = new double[runs];
      Map<String, List<Double>> refs = new LinkedHashMap<>();
      // As prediction runs: without autograd history.
      try (Model model = Model.newInstance("bench-embed", "PyTorch");
          NoGrad noGrad = NoGrad.enter();
          BatchNormFolding.Cache cache = BatchNormFolding.cache(model.getNDManager())) {
        NDManager m = model.getNDManager();
        PairList<String, Object> folding = BatchNormFolding.params(cache);
        Shape in = new Shape(batch, 3, side, side);
        Block block = b.newBlock();
        block.initialize(m, DataType.FLOAT32, in);
        ParameterStore ps = new ParameterStore(m, false);
        for (int r = -1; r < runs; r++) {
          // Folded and unfolded batch norms alternate, the order swapped every round.
          for (int k = 0; k < 2; k++) {
            boolean fold = (k + Math.max(r, 0)) % 2 == 0;
            try (NDManager step = m.newSubManager()) {
              NDArray x = step.randomUniform(-1, 1, in);
              long t0 = System.nanoTime();
              float[] f =
                  block
                      .forward(ps, new NDList(x), false, fold ? folding : null)
                      .singletonOrThrow()
                      .toFloatArray();
              double seconds = (System.nanoTime() - t0) / 1e9;
              if (r >= 0 && f.length == batch * b.featureSize()) {
                (fold ? rates : unfoldedRates)[r] = batch / seconds;
              }
            }
          }
          if (r >= 0 && reference.isPresent() && b.name().equals("resnet50")) {
            int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            for (String arch : List.of("keras_resnet50", "resnet50")) {
              reference
                  .get()
                  .run(
                      common.err(),
                      String.valueOf(side),
                      String.valueOf(batch),
                      String.valueOf(t),
                      "1",
                      arch,
                      "infer")
                  .ifPresent(
                      json ->
                          refs.computeIfAbsent(arch, k -> new ArrayList<>())
                              .add(json.get("imagesPerSecond").getAsDouble()));
            }
          }
        }
      }
      double median = Medians.of(rates);
      double unfoldedMedian = Medians.of(unfoldedRates);
      int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      out.printf(
          "%-13s %dpx batch %d, %d thread(s): %.2f img/s (runs: %s); batch norms unfolded: %.2f"
              + " img/s (runs: %s); folding %.2fx%n",
          b.name(),
          side,
          batch,
          t,
          median,
          format(rates),
          unfoldedMedian,
          format(unfoldedRates),
          median / unfoldedMedian);
      out.flush();
      JsonObject row = new JsonObject();
      row.addProperty("backbone", b.name());
      row.addProperty("size", side);
      row.addProperty("batch", batch);
      row.addProperty("threads", t);
      row.addProperty("imagesPerSecond", median);
      row.addProperty("unfoldedImagesPerSecond", unfoldedMedian);
      row.addProperty("foldingSpeedup", median / unfoldedMedian);
      for (Map.Entry<String, List<Double>> e : refs.entrySet()) {
        double p = Medians.of(e.getValue());
        String label = e.getKey().equals("resnet50") ? "torchvision" : "pytorch";
        out.printf(
            "  PyTorch %s (%s, eval, no_grad): %.2f img/s; imat %.2fx%n",
            e.getKey(), label, p, median / p);
        row.addProperty(label + "ImagesPerSecond", p);
        row.addProperty(label + "Ratio", median / p);
      }
      out.flush();
      results.add(row);
    }
    JsonObject json = new JsonObject();
    json.add("results", results);
    common.printJson(json);
    return 0;
  }

  private static String format(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%.2f", d));
    }
    return sb.toString();
  }
}
