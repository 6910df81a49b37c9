package io.imat.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imat bench}: the project's own benchmarks. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run imat's benchmarks (numbers are measured here, never asserted).",
    subcommands = {
      MetricBenchCommand.class,
      AugmentBenchCommand.class,
      TrainBenchCommand.class,
      EmbedBenchCommand.class,
      DownloadBenchCommand.class,
      TransferBenchCommand.class,
      SparkBenchCommand.class,
      SharedBenchCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a benchmark: " + spec.subcommands().keySet());
  }
}
