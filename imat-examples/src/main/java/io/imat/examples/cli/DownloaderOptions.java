package io.imat.examples.cli;

import io.imat.api.download.ImageDownloader;
import io.imat.api.download.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The downloader's options, shared by {@code imat download} and {@code imat spark download}.
 * Serializable (plain values only), so that a Spark job can ship them to its executors.
 */
final class DownloaderOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      paramLabel = "N",
      description = "Downloads in flight (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--per-host",
      defaultValue = "8",
      paramLabel = "N",
      description = "Requests in flight to one host at most (default: ${DEFAULT-VALUE}).")
  int perHost;

  @Option(
      names = "--retries",
      defaultValue = "3",
      paramLabel = "N",
      description = "Retries per mirror URL after a transient failure (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "Read timeout: longest wait for the headers and between body chunks (default:"
              + " ${DEFAULT-VALUE}).")
  double timeout;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Longest wait for a connection (default: ${DEFAULT-VALUE}).")
  double connectTimeout;

  @Option(
      names = "--max-side",
      defaultValue = "0",
      paramLabel = "PX",
      description =
          "Scale pictures down to this longest side, re-encoded as JPEG (default: 0, keep).")
  int maxSide;

  @Option(
      names = "--max-mb",
      defaultValue = "20",
      paramLabel = "MB",
      description = "Largest body accepted, in MiB (default: ${DEFAULT-VALUE}).")
  int maxMb;

  @Option(names = "--user-agent", paramLabel = "UA", description = "User-Agent header.")
  @Nullable String userAgent;

  /**
   * Sets these options on {@code b}.
   *
   * @throws CliException for a timeout out of range
   * @throws IllegalArgumentException for a value the builder refuses
   */
  void configure(ImageDownloader.Builder b) {
    b.concurrency(concurrency)
        .maxConnectionsPerHost(perHost)
        .retryPolicy(RetryPolicy.builder().maxRetries(retries).build())
        .readTimeout(seconds(timeout, "--timeout"))
        .connectTimeout(seconds(connectTimeout, "--connect-timeout"))
        .resizeLongestSide(maxSide)
        .maxBytes((long) maxMb << 20);
    if (userAgent != null) {
      b.userAgent(userAgent);
    }
  }

  private static Duration seconds(double s, String option) {
    if (!(s > 0) || s > 86_400) {
      throw CliException.usage(option + " must be between 0 and 86400 seconds, got " + s);
    }
    return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
  }
}
