package io.imat.examples.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.predict.Predictions;
import io.imat.examples.bench.Medians;
import io.imat.models.Classifier;
import io.imat.models.PredictOptions;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.spark.ClassifierRecipe;
import io.imat.spark.ImatSpark;
import io.imat.spark.PictureSource;
import io.imat.spark.SparkCrossValidation;
import io.imat.spark.SparkPredictor;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench spark}: what Spark costs and gains on this machine. Prediction throughput
 * through Spark {@code local[N]} against one process on the same pictures (the overhead ratio), and
 * the wall time of the folds of a cross-validation on a loopback cluster of one executor JVM per
 * fold ({@code local-cluster[K,1,MB]}) against the same folds one after the other in one process.
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = {
      "Prediction throughput through Spark local[N] vs one process (same model, same pictures,"
          + " same batches: the overhead ratio), and the wall time of K folds on a loopback cluster"
          + " of K one-core executor JVMs vs the same folds one after the other in one process"
          + " (one PyTorch thread per fold in both, so the models are the same; the one-process"
          + " folds are also timed with every core). Medians of --rounds rounds; synthetic data.",
      "Needs SPARK_HOME with Spark's jars for the cluster (./imat sets it)."
    })
final class SparkBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--images",
      defaultValue = "240",
      paramLabel = "N",
      description = "Synthetic images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--size",
      defaultValue = "64",
      paramLabel = "PX",
      description = "Model input side, resnet18 (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--local",
      defaultValue = "2",
      paramLabel = "N",
      description = "Prediction on local[N] (default: ${DEFAULT-VALUE}).")
  int local;

  @Option(
      names = "--folds",
      defaultValue = "2",
      paramLabel = "K",
      description = "Folds, one executor JVM each (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      paramLabel = "N",
      description = "Epochs per fold (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--executor-mb",
      defaultValue = "1024",
      paramLabel = "MB",
      description = "Memory of each executor JVM (default: ${DEFAULT-VALUE}).")
  int executorMb;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      paramLabel = "R",
      description = "Timed rounds of each measurement (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--no-folds", description = "Only the prediction part.")
  boolean noFolds;

  @Override
  public Integer call() throws Exception {
    if (images < 20 || size < 32 || local < 1 || folds < 2 || epochs < 1 || rounds < 1) {
      throw CliException.usage(
          "need --images >= 20, --size >= 32, --local >= 1, --folds >= 2, --epochs and --rounds"
              + " >= 1");
    }
    SparkCli.requireSpark();
    PrintWriter out = common.human();
    Path dir = Files.createTempDirectory("imat-bench-spark-");
    JsonObject json = new JsonObject();
    try {
      SyntheticDataset synth =
          SyntheticDataset.builder()
              .images(images)
              .imageSize(size)
              .seed(5)
              .deadFraction(0)
              .flakyFraction(0)
              .build();
      synth.write(dir.resolve("data"));
      Path data = dir.resolve("data");
      String trainFile = data.resolve(SyntheticDataset.TRAIN_FILE).toString();
      String pictures = data.resolve(SyntheticDataset.IMAGES_DIR).toString();
      PictureSet trainPics = PictureSource.of(trainFile, pictures).open();
      int side = size;
      int epochCount = epochs;
      // ResNet-18 from random weights, no warm-up, Adam 1e-3, no augmentation, seed 1.
      ClassifierRecipe recipe =
          b ->
              b.backbone(Backbone.RESNET18)
                  .randomInit()
                  .imageSize(side)
                  .epochs(epochCount)
                  .warmupEpochs(0)
                  .batchSize(16)
                  .adam(1e-3)
                  .reduceLrOnPlateau(0.1, 2)
                  .noAugmentation()
                  .seed(1);
      out.printf(
          "%d synthetic pictures (%d in the training file), resnet18 at %d px, %d core(s)%n",
          images, trainPics.dataset().size(), size, Runtime.getRuntime().availableProcessors());
      out.flush();
      json.addProperty("images", trainPics.dataset().size());
      json.addProperty("size", size);
      json.addProperty("cores", Runtime.getRuntime().availableProcessors());
      json.add("prediction", prediction(dir, recipe, trainPics, trainFile, pictures, out));
      if (!noFolds) {
        json.add("folds", folds(dir, recipe, trainPics, trainFile, pictures, out));
      }
    } finally {
      deleteTree(dir);
    }
    common.printJson(json);
    return 0;
  }

  private JsonObject prediction(
      Path dir,
      ClassifierRecipe recipe,
      PictureSet pics,
      String trainFile,
      String pictures,
      PrintWriter out)
      throws IOException {
    Path model = dir.resolve("model");
    Classifier.Builder b = Classifier.builder();
    recipe.configure(b);
    // One thread: on a small, busy machine PyTorch's default can make an epoch many times slower.
    try (TrainedModel m = b.epochs(1).computeThreads(1).build().train(pics, null)) {
      m.save(model);
    }
    int n = pics.available();
    // One process with every core, as `imat predict` runs, and with one thread, as each Spark task
    // runs (on a small, busy machine PyTorch's threads can slow each other down a lot).
    int cores = Runtime.getRuntime().availableProcessors();
    double[] one = new double[rounds];
    double[] oneThread = new double[rounds];
    Engine.getEngine("PyTorch");
    try (TrainedModel m = TrainedModel.load(model)) {
      m.predict(pics, PredictOptions.defaults()); // warm-up
      for (int r = 0; r < rounds; r++) {
        for (int threads : new int[] {cores, 1}) {
          JniUtils.setNumThreads(threads);
          long t0 = System.nanoTime();
          m.predict(pics, PredictOptions.defaults());
          double rate = n / ((System.nanoTime() - t0) / 1e9);
          if (threads == cores) {
            one[r] = rate;
          } else {
            oneThread[r] = rate;
          }
        }
      }
    }
    double[] spark = new double[rounds];
    double startSeconds;
    double firstJobSeconds;
    String master = "local[" + local + "]";
    long s0 = System.nanoTime();
    try (JavaSparkContext sc = ImatSpark.start(master, "imat bench spark")) {
      startSeconds = (System.nanoTime() - s0) / 1e9;
      SparkPredictor p = SparkPredictor.builder().model(model).partitions(local).build();
      long t0 = System.nanoTime();
      p.predict(sc, trainFile, pictures, dir.resolve("warm.pred").toString()); // ships, loads
      firstJobSeconds = (System.nanoTime() - t0) / 1e9;
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        p.predict(sc, trainFile, pictures, dir.resolve("spark.pred").toString());
        spark[r] = n / ((System.nanoTime() - t) / 1e9);
      }
    }
    double oneMedian = Medians.of(one);
    double oneThreadMedian = Medians.of(oneThread);
    double sparkMedian = Medians.of(spark);
    out.printf(
        "prediction, %d pictures: one process %.1f img/s with %d threads (rounds %s), %.1f img/s"
            + " with 1 thread (rounds %s); Spark %s %.1f img/s (rounds %s): overhead ratio"
            + " (one process / Spark) %.2f vs %d threads, %.2f vs 1 thread; Spark start %.1f s,"
            + " first job (model shipped and loaded) %.1f s%n",
        n,
        oneMedian,
        cores,
        format(one),
        oneThreadMedian,
        format(oneThread),
        master,
        sparkMedian,
        format(spark),
        oneMedian / sparkMedian,
        cores,
        oneThreadMedian / sparkMedian,
        startSeconds,
        firstJobSeconds);
    out.flush();
    JsonObject j = new JsonObject();
    j.addProperty("pictures", n);
    j.addProperty("oneProcessImagesPerSecond", oneMedian);
    j.addProperty("master", master);
    j.addProperty("sparkImagesPerSecond", sparkMedian);
    j.addProperty("oneProcessThreads", cores);
    j.addProperty("oneProcessOneThreadImagesPerSecond", oneThreadMedian);
    j.addProperty("overheadRatio", oneMedian / sparkMedian);
    j.addProperty("overheadRatioVsOneThread", oneThreadMedian / sparkMedian);
    j.addProperty("sparkStartSeconds", startSeconds);
    j.addProperty("sparkFirstJobSeconds", firstJobSeconds);
    j.add("oneProcessRounds", array(one));
    j.add("oneProcessOneThreadRounds", array(oneThread));
    j.add("sparkRounds", array(spark));
    return j;
  }

  private JsonObject folds(
      Path dir,
      ClassifierRecipe recipe,
      PictureSet pics,
      String trainFile,
      String pictures,
      PrintWriter out)
      throws IOException {
    String home = System.getenv("SPARK_HOME");
    if (home == null || !Files.isDirectory(Path.of(home, "jars"))) {
      throw CliException.failure(
          "the loopback cluster needs SPARK_HOME with Spark's jars in SPARK_HOME/jars (./imat"
              + " sets it); --no-folds skips this part");
    }
    double[] sequential1 = new double[rounds];
    double[] sequentialAll = new double[rounds];
    CrossValidationResult reference = null;
    for (int r = 0; r < rounds; r++) {
      for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
        Classifier.Builder b = Classifier.builder();
        recipe.configure(b);
        CrossValidation cv =
            CrossValidation.builder()
                .classifier(b.computeThreads(threads).build())
                .folds(folds)
                .seed(42)
                .saveModelsTo(dir.resolve("seq-" + threads + "-" + r))
                .build();
        long t0 = System.nanoTime();
        CrossValidationResult result = cv.run(pics, List.of());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (threads == 1) {
          sequential1[r] = seconds;
          reference = result;
        } else {
          sequentialAll[r] = seconds;
        }
      }
    }
    String master = "local-cluster[" + folds + ",1," + executorMb + "]";
    double[] cluster = new double[rounds];
    double startSeconds;
    double maxDifference = 0;
    long s0 = System.nanoTime();
    try (JavaSparkContext sc = ImatSpark.start(master, "imat bench spark folds")) {
      startSeconds = (System.nanoTime() - s0) / 1e9;
      for (int r = 0; r < rounds; r++) {
        SparkCrossValidation cv =
            SparkCrossValidation.builder().model("bench", recipe).folds(folds).seed(42).build();
        long t0 = System.nanoTime();
        CrossValidationResult result =
            cv.run(
                    sc,
                    PictureSource.of(trainFile, pictures),
                    List.of(),
                    dir.resolve("cluster-" + r).toString())
                .get("bench");
        cluster[r] = (System.nanoTime() - t0) / 1e9;
        maxDifference = Math.max(maxDifference, maxDifference(result.outOfFold(), reference));
      }
    }
    double seq1 = Medians.of(sequential1);
    double seqAll = Medians.of(sequentialAll);
    double clu = Medians.of(cluster);
    out.printf(
        "%d folds x %d epochs, %d pictures: one after the other %.1f s with 1 thread (rounds %s),"
            + " %.1f s with every core (rounds %s); on %s %.1f s (rounds %s, session start %.1f s"
            + " not included): speed-up %.2f vs 1 thread, %.2f vs every core; out-of-fold"
            + " predictions differ by at most %.2g%n",
        folds,
        epochs,
        pics.available(),
        seq1,
        format(sequential1),
        seqAll,
        format(sequentialAll),
        master,
        clu,
        format(cluster),
        startSeconds,
        seq1 / clu,
        seqAll / clu,
        maxDifference);
    out.flush();
    JsonObject j = new JsonObject();
    j.addProperty("folds", folds);
    j.addProperty("epochs", epochs);
    j.addProperty("sequentialOneThreadSeconds", seq1);
    j.addProperty("sequentialAllCoresSeconds", seqAll);
    j.addProperty("master", master);
    j.addProperty("clusterSeconds", clu);
    j.addProperty("clusterStartSeconds", startSeconds);
    j.addProperty("speedupVsOneThread", seq1 / clu);
    j.addProperty("speedupVsAllCores", seqAll / clu);
    j.addProperty("maxOutOfFoldDifference", maxDifference);
    j.add("sequentialOneThreadRounds", array(sequential1));
    j.add("sequentialAllCoresRounds", array(sequentialAll));
    j.add("clusterRounds", array(cluster));
    return j;
  }

  private static double maxDifference(Predictions a, CrossValidationResult reference) {
    Predictions b = reference.outOfFold();
    if (!a.imageIds().equals(b.imageIds())) {
      return Double.POSITIVE_INFINITY;
    }
    double max = 0;
    for (int r = 0; r < a.size(); r++) {
      for (int l = 0; l < a.taxonomy().labelCount(); l++) {
        max = Math.max(max, Math.abs(a.get(r, l) - b.get(r, l)));
      }
    }
    return max;
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static String format(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%.1f", d));
    }
    return sb.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
