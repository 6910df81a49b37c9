package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A benchmark's reference loop written in Python (the code a Python team would run), bundled as a
 * resource and run as a child process that prints one JSON object on its last line. Benchmarks run
 * it alternately with their own loop, so machine noise hits both alike.
 */
final class PythonReference {
  /** Interpreters tried when the user names none: the one on the path, then Debian's. */
  private static final List<String> DEFAULT_PYTHONS = List.of("python3", "/usr/bin/python3");

  private final String python;
  private final Path script;
  private final String label;

  private PythonReference(String python, Path script, String label) {
    this.python = python;
    this.script = script;
    this.label = label;
  }

  /**
   * Finds a Python that can import {@code modules} and extracts {@code resource} for it.
   *
   * @param python the interpreter the user asked for, or null to try {@link #DEFAULT_PYTHONS}
   * @param label what the reference is, for messages ("PyTorch", "OpenCV")
   * @param out where to say why there is no reference
   * @return empty, after saying why on {@code out}, when no interpreter has the modules
   */
  static Optional<PythonReference> find(
      String resource, @Nullable String python, String modules, String label, PrintWriter out)
      throws IOException {
    List<String> candidates = python == null ? DEFAULT_PYTHONS : List.of(python);
    List<String> tried = new ArrayList<>();
    for (String candidate : candidates) {
      if (canImport(candidate, modules)) {
        return Optional.of(new PythonReference(candidate, extract(resource), label));
      }
      tried.add(candidate);
    }
    out.printf(
        "(no %s reference: none of %s can import %s)%n", label, String.join(", ", tried), modules);
    return Optional.empty();
  }

  private static boolean canImport(String python, String modules) {
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import " + modules)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path extract(String resource) throws IOException {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    Path script = Files.createTempFile("imat-" + name.replace(".py", ""), ".py");
    script.toFile().deleteOnExit();
    try (InputStream in = PythonReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  /** The interpreter in use. */
  String python() {
    return python;
  }

  /**
   * Runs the script with {@code args}; returns the JSON object it printed last, or empty after
   * reporting the failure on {@code err}.
   */
  Optional<JsonObject> run(PrintWriter err, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(python);
    command.add(script.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      err.println(label + " reference failed: " + output.strip());
      return Optional.empty();
    }
    String last = output.strip().lines().reduce((a, b) -> b).orElse("{}");
    return Optional.of(JsonParser.parseString(last).getAsJsonObject());
  }
}
