package io.imat.spark;

import io.imat.api.download.ImageDownloader;
import java.io.Serializable;

/**
 * How to configure the {@link ImageDownloader} each download task runs: a serializable function of
 * its builder (timeouts, retries, per-host connections, size limits). Capture only serializable
 * values.
 *
 * <pre>{@code
 * DownloaderRecipe r = b -> b.maxConnectionsPerHost(4).retryPolicy(RetryPolicy.builder().maxRetries(3).build());
 * }</pre>
 */
@FunctionalInterface
public interface DownloaderRecipe extends Serializable {
  /** Sets the downloader's options on {@code builder}. */
  void configure(ImageDownloader.Builder builder);
}
