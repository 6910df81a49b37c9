package io.imat.examples.cli;

import io.imat.spark.ImatSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the Spark context of an {@code imat spark} command, after checking what a bare {@code
 * java} launch may lack: Spark's jars (the lean CLI has none; {@code ./imat spark} adds {@code
 * imat-examples/target/spark-home/jars}) and, on Java 17, the {@code --add-opens} options (which
 * {@code ./imat} and {@code spark-submit} pass).
 */
final class SparkCli {
  private SparkCli() {}

  /**
   * Fails with a one-line explanation unless Spark can start in this JVM. Touches no Spark class
   * before it knows Spark is there.
   */
  static void requireSpark() {
    try {
      Class.forName("org.apache.spark.SparkContext", false, SparkCli.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw CliException.failure(
          "Apache Spark is not on the class path: run it as './imat spark ...' (which builds"
              + " imat-examples/target/spark-home/jars with 'mvn package -Pspark'), add that directory"
              + " to 'java -cp', or submit the job jar with spark-submit");
    }
    Module base = Object.class.getModule();
    if (!base.isOpen("sun.nio.ch", SparkCli.class.getModule())) {
      throw CliException.failure(
          "Spark needs these JVM options on Java 17 (./imat and spark-submit pass them): "
              + String.join(" ", ImatSpark.javaOptions()));
    }
  }

  /**
   * {@code location} as executors must see it: a plain path made absolute (an executor's working
   * directory is not the driver's), a URI ({@code file:}, {@code hdfs://}, ...) as it is.
   */
  static String location(String location) {
    if (location.startsWith("file:") || location.contains("://")) {
      return location;
    }
    return java.nio.file.Path.of(location).toAbsolutePath().normalize().toString();
  }

  /**
   * The context for {@code options}: {@code --master}, else the {@code spark.master} that {@code
   * spark-submit} set, else {@code local[*]}; then every {@code --conf}.
   */
  static JavaSparkContext start(SparkOptions options, String appName) {
    requireSpark();
    String master = options.master;
    if (master == null) {
      master = System.getProperty("spark.master", ImatSpark.DEFAULT_MASTER);
    }
    SparkConf conf;
    try {
      conf = ImatSpark.conf(master, appName);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--master: " + e.getMessage());
    }
    for (String kv : options.conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("--conf must be KEY=VALUE, got '" + kv + "'");
      }
      conf.set(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    try {
      return ImatSpark.start(conf);
    } catch (RuntimeException e) {
      throw CliException.failure("cannot start Spark on " + master + ": " + Failures.oneLine(e));
    }
  }
}
