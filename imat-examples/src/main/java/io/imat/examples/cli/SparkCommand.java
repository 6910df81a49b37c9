package io.imat.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code imat spark}: the pipeline on Apache Spark, embedded ({@code local[*]}) or on a cluster.
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = {
      "Run prediction, cross-validated training or download on Apache Spark: in this JVM"
          + " (--master local[N], the default local[*]) or on a standalone cluster (--master"
          + " spark://HOST:PORT). Results equal the single-machine commands'.",
      "./imat adds Spark's jars (imat-examples/target/spark-home/jars, built once with -Pspark) and the"
          + " JVM options Spark needs on Java 17. For spark-submit, build the job jar"
          + " (mvn package -Pspark-job -pl imat-examples -am) and submit it with --class"
          + " io.imat.examples.cli.SparkJob and the same subcommands."
    },
    subcommands = {SparkPredictCommand.class, SparkTrainCommand.class, SparkDownloadCommand.class})
final class SparkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a job: " + spec.subcommands().keySet());
  }
}
