package io.imat.examples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every result-producing command shares ({@code --json}, {@code --verbose}) and the output
 * helpers that honour them: JSON goes to stdout alone, everything human goes to stderr when {@code
 * --json} is on.
 */
final class CommonOptions {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces on failure.")
  boolean verbose;

  /** Where human-readable results go: stdout normally, stderr under --json. */
  PrintWriter human() {
    return json ? spec.commandLine().getErr() : spec.commandLine().getOut();
  }

  /** The error stream (progress, warnings). */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints the JSON result if --json is on. */
  void printJson(JsonObject result) {
    if (json) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(GSON.toJson(result));
      out.flush();
    }
  }
}
