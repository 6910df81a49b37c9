package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code imat serve} in a child JVM, so that a benchmark's heap numbers are the client's alone. A
 * fresh process also means fresh fault state (flaky URLs fail again).
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final List<String> baseUrls;

  private ServerProcess(Process process, List<String> baseUrls) {
    this.process = process;
    this.baseUrls = baseUrls;
  }

  /** Starts {@code imat serve --data dir --port 0} and waits for its address. */
  static ServerProcess start(Path dir, int threads) throws IOException {
    return start(dir, threads, List.of());
  }

  /** Starts {@code imat serve --data dir --port 0 ARGS...} and waits for its addresses. */
  static ServerProcess start(Path dir, int threads, List<String> args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
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
                "--json"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("{")) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        List<String> urls = new ArrayList<>();
        o.getAsJsonArray("baseUrls").forEach(u -> urls.add(u.getAsString()));
        return new ServerProcess(p, List.copyOf(urls));
      }
    }
    p.destroyForcibly();
    throw new IOException("imat serve ended without printing its address");
  }

  /** Where the server listens. */
  String baseUrl() {
    return baseUrls.get(0);
  }

  /** Every host's address, host 0 first. */
  List<String> baseUrls() {
    return baseUrls;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
