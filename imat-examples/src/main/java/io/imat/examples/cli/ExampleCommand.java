package io.imat.examples.cli;

import io.imat.examples.runnable.Examples;
import io.imat.examples.runnable.Examples.Example;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imat example NAME [args...]}: runs one of the runnable examples in-process. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = {
      "Run one of the small runnable examples (io.imat.examples.runnable), one per capability."
          + " Each writes only under its working directory (default: a new temporary one) and"
          + " prints what it shows. --list names them."
    })
final class ExampleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--list", description = "List the examples and exit.")
  boolean list;

  @Option(names = "--verbose", description = "Print stack traces on failure.")
  boolean verbose;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The example.")
  String name;

  @Parameters(
      index = "1..*",
      paramLabel = "ARG",
      description = "Its arguments, e.g. a working directory (see --list).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (list) {
      PrintWriter out = spec.commandLine().getOut();
      for (Example e : Examples.ALL) {
        out.printf(
            "%-17s %-23s %s%n  %s%n",
            e.name(), e.type().getSimpleName(), e.arguments(), e.description());
      }
      out.printf(
          "%nRun: imat example NAME [ARGS]. Sources: imat-examples/src/main/java/%s/%n",
          Examples.class.getPackageName().replace('.', '/'));
      out.flush();
      return 0;
    }
    if (name == null) {
      throw CliException.usage("name an example (imat example --list shows them)");
    }
    Example example =
        Examples.named(name)
            .orElseThrow(
                () ->
                    CliException.usage(
                        "unknown example '"
                            + name
                            + "'; known: "
                            + Examples.ALL.stream()
                                .map(Example::name)
                                .collect(Collectors.joining(", "))));
    example.main().run(args.toArray(String[]::new));
    return 0;
  }
}
