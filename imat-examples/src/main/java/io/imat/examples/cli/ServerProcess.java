package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code imat serve} in a child JVM, so that a benchmark's heap numbers are the client's alone. A
 * fresh process also means fresh fault state (flaky URLs fail again).
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final String baseUrl;

  private ServerProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts {@code imat serve --data dir --port 0} and waits for its address. */
  static ServerProcess start(Path dir, int threads) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx1g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ImatCli.class.getName(),
                    "serve",
                    "--data",
                    dir.toString(),
                    "--port",
                    "0",
                    "--threads",
                    String.valueOf(threads),
                    "--json"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("{")) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        return new ServerProcess(p, o.get("baseUrl").getAsString());
      }
    }
    p.destroyForcibly();
    throw new IOException("imat serve ended without printing its address");
  }

  /** Where the server listens. */
  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
