package io.imat.api.download;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Caps the requests in flight to one host (scheme, host and port), so that 32 download slots do not
 * all land on the same image server while the others idle, and remembers how long each host takes
 * to answer, so that an image with several mirrors can be fetched from a host that is quick and has
 * a free slot. A permit is held for one request only, never across a redirect, so two hosts
 * redirecting to each other cannot deadlock.
 */
final class HostLimiter {
  // Weight of the newest observation in a host's moving average: a few requests show a slow host.
  private static final double ALPHA = 0.3;

  private final int perHost;
  private final ConcurrentMap<String, Host> hosts = new ConcurrentHashMap<>();

  HostLimiter(int perHost) {
    this.perHost = perHost;
  }

  /** One host's slots and answer times. */
  private final class Host {
    final Semaphore slots = new Semaphore(perHost);
    // Exponentially weighted mean of the request times seen, nanoseconds; NaN before the first.
    double meanNanos = Double.NaN;

    synchronized void record(long nanos) {
      meanNanos = Double.isNaN(meanNanos) ? nanos : meanNanos + ALPHA * (nanos - meanNanos);
    }

    synchronized double mean() {
      return meanNanos;
    }
  }

  private Host host(URI uri) {
    String key =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + ":"
            + uri.getPort();
    return hosts.computeIfAbsent(key, k -> new Host());
  }

  /** Waits for a free slot on {@code uri}'s host. */
  Permit acquire(URI uri) throws InterruptedException {
    Semaphore s = host(uri).slots;
    s.acquire();
    return s::release;
  }

  /** Records that a request to {@code uri}'s host took {@code nanos} (to its end or timeout). */
  void record(URI uri, long nanos) {
    host(uri).record(nanos);
  }

  /**
   * What a request to {@code uri}'s host is expected to cost now, in nanoseconds: its recent mean
   * request time (0 for a host not asked yet, so that every host gets tried), or {@link
   * Double#POSITIVE_INFINITY} while all of its slots are taken.
   */
  double cost(URI uri) {
    Host h = host(uri);
    if (h.slots.availablePermits() == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double mean = h.mean();
    return Double.isNaN(mean) ? 0 : mean;
  }

  /** A held slot; closing it frees the slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
