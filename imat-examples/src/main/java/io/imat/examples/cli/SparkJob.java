package io.imat.examples.cli;

/**
 * The main class of the job jar for {@code spark-submit}: the subcommands of {@code imat spark}
 * ({@code predict}, {@code train}, {@code download}) with the same options; the master is
 * spark-submit's unless {@code --master} is given.
 *
 * <pre>
 * spark-submit --master spark://HOST:7077 --class io.imat.examples.cli.SparkJob \
 *     imat-spark-job.jar predict --model /shared/model --data /shared/test.json \
 *     --images /shared/test-images --out /shared/test.pred
 * </pre>
 */
public final class SparkJob {
  private SparkJob() {}

  /** Runs {@code imat spark ARGS} and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs {@code imat spark ARGS} and returns the exit code. */
  public static int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "spark";
    System.arraycopy(args, 0, all, 1, args.length);
    return ImatCli.run(all);
  }
}
