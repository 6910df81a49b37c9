package io.imat.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code imat} command line. Exit codes: 0 success, 2 bad usage, 1 failure (with a one-line
 * cause on stderr; the stack trace only with {@code --verbose}). Commands that produce a result
 * accept {@code --json} and then print exactly one JSON object on stdout; progress and messages go
 * to stderr.
 */
@Command(
    name = "imat",
    mixinStandardHelpOptions = true,
    versionProvider = ImatCli.Version.class,
    description = "Fine-grained fashion attributes on the JVM: the iMaterialist 2017 pipeline.",
    subcommands = {
      QuickstartCommand.class,
      SynthCommand.class,
      AugmentCommand.class,
      ScoreCommand.class,
      SubmitCommand.class,
      DownloadCommand.class,
      ServeCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      TextCommand.class,
      MergeCommand.class,
      SparkCommand.class,
      BenchCommand.class,
      BackbonesCommand.class,
      WeightsCommand.class,
      EmbedCommand.class,
      SavedModelEmbedCommand.class,
      ExampleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ImatCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** A configured picocli command line, with imat's exit codes and error handling. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new ImatCli());
    cl.setExecutionExceptionHandler(ImatCli::handleFailure);
    return cl;
  }

  @Override
  public void run() {
    // `imat` alone: show what there is.
    spec.commandLine().usage(System.err);
  }

  private static int handleFailure(Exception e, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean verbose = parsed.hasMatchedOption("--verbose") || verbose(parsed);
    if (e instanceof CliException) {
      err.println("imat " + cl.getCommandName() + ": " + e.getMessage());
      if (verbose && e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      err.flush();
      return ((CliException) e).exitCode();
    }
    err.println("imat " + cl.getCommandName() + ": " + Failures.oneLine(e));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** The version of the jar the CLI runs from (its manifest), or "development build". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ImatCli.class.getPackage().getImplementationVersion();
      return new String[] {"imat " + (v == null ? "(development build, not from a jar)" : v)};
    }
  }

  private static boolean verbose(ParseResult parsed) {
    ParseResult p = parsed;
    while (p != null) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
      p = p.subcommand();
    }
    return false;
  }
}
