package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticManifest;
import io.imat.testing.synth.SyntheticServer;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat serve}: serves a synthetic dataset with its declared dead and flaky URLs. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the pictures of a synthetic dataset (written by 'imat synth') over HTTP on"
          + " 127.0.0.1, with the dead and flaky URLs its synth.json declares (404, 410, 500,"
          + " HTML pages, cut-off bodies, stalls, 503-then-OK, 429 with Retry-After, redirects"
          + " and redirect loops). With --web, answers like the real web instead of at loopback"
          + " speed: latency, a bandwidth cap, stalls, several hosts of which some are slow."
          + " Runs until killed; prints the address first."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "Synthetic dataset directory (with synth.json and images/).")
  Path data;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port (default: the one in synth.json's baseUrl; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--stall",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "How long stalling URLs keep a client waiting (default: ${DEFAULT-VALUE}).")
  long stall;

  @Option(
      names = "--threads",
      defaultValue = "8",
      paramLabel = "N",
      description = "Handler threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin WebOptions webOptions;

  @Override
  public Integer call() throws Exception {
    SyntheticServer.Builder b;
    try {
      b = SyntheticServer.builder(data).stall(Duration.ofSeconds(stall)).threads(threads);
      if (port != null) {
        b.port(port);
      }
      if (webOptions.web) {
        b.web(webOptions.conditions());
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    // The JDK server leaves Nagle's algorithm on: each response's body then waits for the
    // client's delayed ACK of the headers, ~40 ms per picture. This process only serves.
    SyntheticServer.preferNoDelay();
    SyntheticServer server;
    try {
      server = b.start();
    } catch (BindException e) {
      String which =
          port != null
              ? "port " + port
              : "port " + SyntheticManifest.read(data).port() + " (from synth.json)";
      throw CliException.failure(which + " is in use; choose another with --port");
    }
    try (server) {
      long pictures = countPictures();
      common
          .human()
          .printf(
              "serving %d pictures of %s at %s (%d faulty URLs declared%s); stop with Ctrl-C%n",
              pictures,
              data,
              String.join(" ", server.baseUrls()),
              server.manifest().faults().size(),
              server.web() == null ? "" : "; web conditions: " + server.web());
      common.human().flush();
      JsonObject json = new JsonObject();
      json.addProperty("baseUrl", server.baseUrl());
      json.addProperty("port", server.port());
      com.google.gson.JsonArray urls = new com.google.gson.JsonArray();
      server.baseUrls().forEach(urls::add);
      json.add("baseUrls", urls);
      json.addProperty("pictures", pictures);
      json.addProperty("faultyUrls", server.manifest().faults().size());
      json.addProperty("manifestBaseUrl", server.manifest().baseUrl());
      common.printJson(json);
      // Serve until the process is killed (or, embedded, until this thread is interrupted).
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private long countPictures() throws IOException {
    Path images = data.resolve(SyntheticDataset.IMAGES_DIR);
    if (!Files.isDirectory(images)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(images)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).count();
    }
  }
}
