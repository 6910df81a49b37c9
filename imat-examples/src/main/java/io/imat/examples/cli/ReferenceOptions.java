package io.imat.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of benchmarks that compare with a Python reference loop. */
final class ReferenceOptions {
  @Option(
      names = "--python",
      paramLabel = "EXE",
      description = "Python for the reference (default: python3, else /usr/bin/python3).")
  String python;

  @Option(names = "--no-reference", description = "Skip the Python reference.")
  boolean noReference;

  /**
   * The reference to run, or empty when skipped or when no Python can import {@code modules} (said
   * on {@code out}).
   */
  Optional<PythonReference> find(String resource, String modules, String label, PrintWriter out)
      throws IOException {
    return noReference
        ? Optional.empty()
        : PythonReference.find(resource, python, modules, label, out);
  }
}
