package io.imat.examples.cli;

import io.imat.testing.synth.WebConditions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --web} options of {@code imat serve} and {@code imat bench download}. */
final class WebOptions {
  @Option(
      names = "--web",
      description =
          "Answer like the real web instead of at loopback speed (latency, bandwidth cap, stalls,"
              + " several hosts, a few slow).")
  boolean web;

  @Option(
      names = "--latency",
      defaultValue = "50-300",
      paramLabel = "MIN-MAX",
      description = "With --web: time to first byte in ms, uniform (default: ${DEFAULT-VALUE}).")
  String latency;

  @Option(
      names = "--bandwidth",
      defaultValue = "250000",
      paramLabel = "BYTES_PER_S",
      description = "With --web: body rate of one response (default: ${DEFAULT-VALUE}).")
  long bandwidth;

  @Option(
      names = "--stalls",
      defaultValue = "0.01",
      paramLabel = "SHARE",
      description = "With --web: share of requests never answered (default: ${DEFAULT-VALUE}).")
  double stalls;

  @Option(
      names = "--hosts",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "With --web: hosts (ports) the pictures are spread over (default: ${DEFAULT-VALUE}).")
  int hosts;

  @Option(
      names = "--slow-hosts",
      defaultValue = "1",
      paramLabel = "N",
      description = "With --web: how many hosts are slow (default: ${DEFAULT-VALUE}).")
  int slowHosts;

  @Option(
      names = "--slow-factor",
      defaultValue = "5",
      paramLabel = "X",
      description =
          "With --web: slow hosts' latency times X, bandwidth divided by X (default:"
              + " ${DEFAULT-VALUE}).")
  double slowFactor;

  /** The conditions these options describe. */
  WebConditions conditions() {
    String[] range = latency.split("-", 2);
    try {
      int min = Integer.parseInt(range[0].trim());
      int max = range.length == 2 ? Integer.parseInt(range[1].trim()) : min;
      return WebConditions.builder()
          .latency(min, max)
          .bytesPerSecond(bandwidth)
          .stallShare(stalls)
          .hosts(hosts)
          .slowHosts(slowHosts)
          .slowFactor(slowFactor)
          .build();
    } catch (NumberFormatException e) {
      throw CliException.usage("--latency must be MIN-MAX in milliseconds, got '" + latency + "'");
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The same options, for an {@code imat serve} child process. */
  List<String> serveArguments() {
    List<String> a = new ArrayList<>();
    if (web) {
      a.addAll(
          List.of(
              "--web",
              "--latency",
              latency,
              "--bandwidth",
              String.valueOf(bandwidth),
              "--stalls",
              String.valueOf(stalls),
              "--hosts",
              String.valueOf(hosts),
              "--slow-hosts",
              String.valueOf(slowHosts),
              "--slow-factor",
              String.valueOf(slowFactor)));
    }
    return a;
  }
}
