package io.imat.api.download;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Caps the requests in flight to one host (scheme, host and port), so that 32 download slots do not
 * all land on the same image server while the others idle. A permit is held for one request only,
 * never across a redirect, so two hosts redirecting to each other cannot deadlock.
 */
final class HostLimiter {
  private final int perHost;
  private final ConcurrentMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

  HostLimiter(int perHost) {
    this.perHost = perHost;
  }

  /** Waits for a free slot on {@code uri}'s host. */
  Permit acquire(URI uri) throws InterruptedException {
    String key =
        uri.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + uri.getHost().toLowerCase(Locale.ROOT)
            + ":"
            + uri.getPort();
    Semaphore s = hosts.computeIfAbsent(key, k -> new Semaphore(perHost));
    s.acquire();
    return s::release;
  }

  /** A held slot; closing it frees the slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
