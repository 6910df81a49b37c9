package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.predict.Predictions;
import io.imat.spark.SparkPredictor;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat spark predict}: {@code imat predict} as a Spark job. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict with a model written by 'imat train' or 'imat spark train' (a cross-validated"
          + " model averages its fold models), the pictures split over Spark tasks; the model is"
          + " loaded once per executor JVM. The merged predictions equal 'imat predict'.",
      "Locations are local paths (on a cluster: a shared mount) or Hadoop URIs (hdfs://, s3a://"
          + " with the Hadoop connector on the class path)."
    })
final class SparkPredictCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin SparkOptions spark;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "FILE.json", description = "Images.")
  String data;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Pictures.")
  String images;

  @Option(names = "--out", required = true, paramLabel = "PRED", description = "Predictions file.")
  String out;

  @Option(names = "--tta", description = "Average with the horizontally flipped picture.")
  boolean tta;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Pictures per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    SparkPredictor predictor;
    try {
      predictor =
          SparkPredictor.builder()
              .model(SparkCli.location(model))
              .tta(tta)
              .batchSize(batch)
              .partitions(spark.partitions)
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    long t0 = System.nanoTime();
    Predictions p;
    String master;
    try (JavaSparkContext sc = SparkCli.start(spark, "imat spark predict")) {
      master = sc.master();
      p =
          predictor.predict(
              sc, SparkCli.location(data), SparkCli.location(images), SparkCli.location(out));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    common
        .human()
        .printf("wrote %s: %d images predicted on %s, %.1f s%n", out, p.size(), master, seconds);
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("out", out);
    json.addProperty("master", master);
    json.addProperty("rows", p.size());
    json.addProperty("tta", tta);
    json.addProperty("seconds", seconds);
    common.printJson(json);
    return 0;
  }
}
