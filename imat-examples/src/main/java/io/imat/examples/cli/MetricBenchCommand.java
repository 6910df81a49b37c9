package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.examples.bench.Medians;
import io.imat.metrics.TopOneError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench metric}: the metric and the file formats at competition scale (33,726 test
 * images, the real 45-task taxonomy, random predictions).
 */
@Command(
    name = "metric",
    mixinStandardHelpOptions = true,
    description =
        "Time the top-1 error, the predictions file and the submission at competition scale.")
final class MetricBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--images",
      defaultValue = "33726",
      paramLabel = "N",
      description = "Images (default: ${DEFAULT-VALUE}, the competition's test set).")
  int images;

  @Option(
      names = "--runs",
      defaultValue = "7",
      paramLabel = "R",
      description = "Timed runs per step; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.human();
    Taxonomy taxonomy = Taxonomy.imaterialist2017();
    ImatDataset truth = randomTruth(taxonomy, images, new SplittableRandom(1));
    Predictions pred = randomPredictions(truth, new SplittableRandom(2));
    int pairs = truth.pairCount();
    out.printf(
        "%d images, %d annotated pairs, %d x %d probabilities, median of %d runs%n",
        images, pairs, images, taxonomy.labelCount(), runs);
    Path dir = Files.createTempDirectory("imat-bench-metric");
    Path predFile = dir.resolve("bench.pred");
    Path csv = dir.resolve("bench.csv");
    JsonArray results = new JsonArray();
    try {
      TopOneError metric = TopOneError.of(truth);
      results.add(row(out, "score predictions", pairs, time(() -> metric.score(pred))));
      results.add(row(out, "write predictions file", images, time(() -> pred.write(predFile))));
      results.add(
          row(out, "read predictions file", images, time(() -> Predictions.read(predFile))));
      ImatDataset test = truth.withoutAnnotations();
      results.add(
          row(
              out,
              "write submission",
              images * taxonomy.taskCount(),
              time(() -> Submission.write(csv, pred, test))));
      results.add(
          row(
              out,
              "read submission",
              images * taxonomy.taskCount(),
              time(() -> Submission.read(csv, test))));
      Submission s = Submission.read(csv, test);
      results.add(row(out, "score submission", pairs, time(() -> metric.score(s))));
    } finally {
      Files.deleteIfExists(predFile);
      Files.deleteIfExists(csv);
      Files.deleteIfExists(dir);
    }
    out.flush();
    JsonObject json = new JsonObject();
    json.add("results", results);
    common.printJson(json);
    return 0;
  }

  private JsonObject row(PrintWriter out, String name, int items, double seconds) {
    out.printf("%-24s %9.1f ms  %,14.0f items/s%n", name, seconds * 1e3, items / seconds);
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("images", images);
    o.addProperty("items", items);
    o.addProperty("seconds", seconds);
    o.addProperty("itemsPerSecond", items / seconds);
    return o;
  }

  private double time(Step step) throws Exception {
    for (int w = 0; w < 2; w++) {
      step.run();
    }
    double[] t = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      step.run();
      t[r] = (System.nanoTime() - t0) / 1e9;
    }
    return Medians.of(t);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /** Images of random apparels, each annotated for ~75 % of its apparel's tasks. */
  static ImatDataset randomTruth(Taxonomy taxonomy, int n, SplittableRandom rnd) {
    ImatDataset.Builder b = ImatDataset.builder(taxonomy).annotated(true);
    List<Apparel> apparels = taxonomy.apparels();
    for (int i = 0; i < n; i++) {
      String id = String.valueOf(i + 1);
      b.addImage(id, "http://127.0.0.1/" + id + ".jpg");
      Apparel a = apparels.get(rnd.nextInt(apparels.size()));
      for (Task t : taxonomy.tasks(a)) {
        if (rnd.nextDouble() < 0.75) {
          b.annotate(id, t, t.labels().get(rnd.nextInt(t.labels().size())));
          if (rnd.nextDouble() < 0.1) {
            b.annotate(id, t, t.labels().get(rnd.nextInt(t.labels().size())));
          }
        }
      }
    }
    return b.build();
  }

  static Predictions randomPredictions(ImatDataset truth, SplittableRandom rnd) {
    Predictions.Builder b = Predictions.builder(truth.taxonomy(), TaskPriors.fromDataset(truth));
    float[] row = new float[truth.taxonomy().labelCount()];
    for (int i = 0; i < truth.size(); i++) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) rnd.nextDouble();
      }
      b.put(truth.image(i).id(), row);
    }
    return b.build();
  }
}
