package io.imat.examples.cli;

import picocli.CommandLine;

/** A failure the CLI reports as one line, with its exit code (1 failure, 2 usage). */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  private CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A failure (exit code 1). */
  static CliException failure(String message) {
    return new CliException(message, CommandLine.ExitCode.SOFTWARE, null);
  }

  /** Bad usage that picocli could not detect (exit code 2). */
  static CliException usage(String message) {
    return new CliException(message, CommandLine.ExitCode.USAGE, null);
  }

  int exitCode() {
    return exitCode;
  }
}
