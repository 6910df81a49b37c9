package io.imat.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every {@code imat spark} command shares: where to run and Spark settings. */
final class SparkOptions {
  @Option(
      names = "--master",
      paramLabel = "MASTER",
      description =
          "local[*] (every core of this machine, the default), local[N], or spark://HOST:PORT (a"
              + " standalone cluster); under spark-submit, its --master unless this is given.")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "A Spark setting, repeatable (e.g. spark.executor.memory=8g, spark.task.cpus=4,"
              + " spark.hadoop.fs.s3a.endpoint=...).")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--partitions",
      defaultValue = "0",
      paramLabel = "N",
      description = "Tasks to split the work into (default: Spark's default parallelism).")
  int partitions;
}
