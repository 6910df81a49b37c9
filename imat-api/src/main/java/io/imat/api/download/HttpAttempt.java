package io.imat.api.download;

import io.imat.api.download.AttemptResult.Failed;
import io.imat.api.download.AttemptResult.Fetched;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at one mirror URL: a GET, following redirects itself (the client is built with {@link
 * HttpClient.Redirect#NEVER}) so that it can cap their number, detect loops and refuse a change of
 * scheme; a 200 body streamed into a temporary file under a byte cap; and a read timeout that
 * covers both the wait for the headers and every gap between body chunks (the client's own request
 * timeout only covers the headers). A fetch can also resume a partial file with a {@code Range}
 * request ({@link #fetch(URI, Path, long, BodyListener)}).
 */
final class HttpAttempt {
  // Error pages and redirect bodies are read (for connection reuse) only up to this much.
  private static final long DISCARD_CAP = 64 * 1024;

  /** The Accept header of picture downloads. */
  static final String ACCEPT_PICTURES = "image/jpeg,image/png,image/*;q=0.9,*/*;q=0.5";

  // "bytes 100-199/200" or "bytes 100-199/*"; the start is what matters for an append.
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(\\d{1,18})-\\d{1,18}/(?:\\d{1,18}|\\*)");
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(204, "No Content"),
          Map.entry(206, "Partial Content"),
          Map.entry(300, "Multiple Choices"),
          Map.entry(304, "Not Modified"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(408, "Request Timeout"),
          Map.entry(410, "Gone"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(451, "Unavailable For Legal Reasons"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private final HttpClient client;
  private final HostLimiter hosts;
  private final ScheduledExecutorService timer;
  private final Duration readTimeout;
  private final String userAgent;
  private final int maxRedirects;
  private final long maxBytes;
  private final String accept;

  HttpAttempt(
      HttpClient client,
      HostLimiter hosts,
      ScheduledExecutorService timer,
      Duration readTimeout,
      String userAgent,
      int maxRedirects,
      long maxBytes,
      String accept) {
    this.client = client;
    this.hosts = hosts;
    this.timer = timer;
    this.readTimeout = readTimeout;
    this.userAgent = userAgent;
    this.maxRedirects = maxRedirects;
    this.maxBytes = maxBytes;
    this.accept = accept;
  }

  /**
   * A client for attempts: redirects left to {@link #fetch} (to cap them, catch loops and refuse
   * scheme changes), and HTTP/1.1, which keeps a per-host limit a limit on connections and avoids
   * the h2c upgrade probe on plain-http hosts, some of which answer it badly.
   */
  /** The hosts' slots and answer times this attempt maker shares with its callers. */
  HostLimiter hosts() {
    return hosts;
  }

  static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** Hears about the body of a 200 or 206 response while it is written to the file. */
  interface BodyListener {
    /** A listener that ignores everything. */
    BodyListener NONE =
        new BodyListener() {
          @Override
          public void started(long offset, long length) {}

          @Override
          public void written(long bytes) {}
        };

    /** The body goes to the file from byte {@code offset} on; {@code length} announced, or -1. */
    void started(long offset, long length);

    /** {@code bytes} more bytes are in the file. */
    void written(long bytes);
  }

  /**
   * Fetches {@code start}, following up to {@code maxRedirects} redirects; a 200 body ends up in
   * {@code temp} (truncated first).
   *
   * @throws LocalWriteException if the temporary file cannot be written
   * @throws InterruptedException if the thread is interrupted (the request is cancelled)
   */
  AttemptResult fetch(URI start, Path temp) throws LocalWriteException, InterruptedException {
    return fetch(start, temp, 0, BodyListener.NONE);
  }

  /**
   * Like {@link #fetch(URI, Path)}, but when {@code offset} is positive asks only for the bytes
   * from {@code offset} on ({@code Range: bytes=offset-}), to complete a partial {@code temp} of
   * that size. A 206 whose Content-Range starts at {@code offset} is appended after the first
   * {@code offset} bytes ({@link Fetched#start()} is {@code offset}); a 200 — the server ignored
   * the range — replaces the content (start 0). The byte cap counts the whole file.
   */
  AttemptResult fetch(URI start, Path temp, long offset, BodyListener listener)
      throws LocalWriteException, InterruptedException {
    URI uri = start;
    Set<URI> seen = new HashSet<>();
    seen.add(uri.normalize());
    for (int redirects = 0; ; redirects++) {
      Hop hop = exchange(uri, temp, offset, listener);
      if (hop.failure != null) {
        return hop.failure;
      }
      int status = hop.status;
      if (status == 200 || hop.start > 0) {
        OptionalLong declared = contentLength(hop.headers);
        if (declared.isPresent() && declared.getAsLong() != hop.bytes) {
          return new Failed(
              FailureKind.TRUNCATED,
              "body ended after " + hop.bytes + " of " + declared.getAsLong() + " bytes");
        }
        return new Fetched(hop.bytes, hop.headers.firstValue("content-type").orElse(""), hop.start);
      }
      if (isRedirect(status)) {
        Optional<String> location = hop.headers.firstValue("location");
        if (location.isEmpty()) {
          return new Failed(FailureKind.HTTP_STATUS, status + " redirect without a Location");
        }
        URI next;
        try {
          next = uri.resolve(new URI(Urls.escape(location.get().strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return new Failed(FailureKind.BAD_URL, "redirect to a malformed URL: " + location.get());
        }
        if (!Urls.sameScheme(uri, next)) {
          return new Failed(
              FailureKind.SCHEME_CHANGE,
              "redirect from " + uri.getScheme() + " to " + next.getScheme() + " refused: " + next);
        }
        try {
          next = Urls.parse(next.toString());
        } catch (IllegalArgumentException e) {
          return new Failed(FailureKind.BAD_URL, "redirect to " + next + ": " + e.getMessage());
        }
        if (!seen.add(next.normalize())) {
          return new Failed(FailureKind.REDIRECT_LOOP, "redirect loop back to " + next);
        }
        if (redirects >= maxRedirects) {
          return new Failed(
              FailureKind.TOO_MANY_REDIRECTS, "more than " + maxRedirects + " redirects");
        }
        uri = next;
        continue;
      }
      return statusFailure(status, hop.headers);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static Failed statusFailure(int status, HttpHeaders headers) {
    String text = status + " " + REASONS.getOrDefault(status, "");
    text = text.strip();
    Optional<Duration> retryAfter =
        headers
            .firstValue("retry-after")
            .flatMap(v -> RetryPolicy.parseRetryAfter(v, Instant.now()));
    if (status == 404) {
      return new Failed(FailureKind.NOT_FOUND, text);
    }
    if (status == 410) {
      return new Failed(FailureKind.GONE, text);
    }
    if (status == 429) {
      return new Failed(
          FailureKind.RATE_LIMITED,
          text + retryAfter.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse(""),
          retryAfter);
    }
    if (status >= 500 || status == 408) {
      return new Failed(FailureKind.SERVER_ERROR, text, retryAfter);
    }
    if (status >= 200 && status < 300) {
      return new Failed(FailureKind.HTTP_STATUS, text + " instead of 200 with a picture");
    }
    return new Failed(FailureKind.HTTP_STATUS, text);
  }

  /** Where a 206's Content-Range starts, or -1 if it has none or a malformed one. */
  private static long rangeStart(HttpHeaders headers) {
    Matcher m = CONTENT_RANGE.matcher(headers.firstValue("content-range").orElse("").strip());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static OptionalLong contentLength(HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("content-length");
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * One request/response; a failure, or a status with headers, the body size and where the body
   * starts in the file (positive only for an accepted 206).
   */
  private record Hop(int status, HttpHeaders headers, long bytes, long start, Failed failure) {
    static Hop failed(Failed f) {
      return new Hop(0, null, 0, 0, f);
    }
  }

  private Hop exchange(URI uri, Path temp, long offset, BodyListener listener)
      throws LocalWriteException, InterruptedException {
    HttpRequest request;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .GET()
              .timeout(readTimeout)
              .header("User-Agent", userAgent)
              .header("Accept", accept);
      if (offset > 0) {
        b.header("Range", "bytes=" + offset + "-");
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return Hop.failed(new Failed(FailureKind.BAD_URL, "bad URL: " + e.getMessage()));
    }
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    Body body = new Body();
    HttpResponse.BodyHandler<Long> handler =
        info -> {
          int status = info.statusCode();
          body.status = status;
          boolean append = status == 206 && offset > 0 && rangeStart(info.headers()) == offset;
          if (status != 200 && !append) {
            return body.use(CappedBody.discarding(DISCARD_CAP, lastActivity));
          }
          long from = append ? offset : 0;
          OptionalLong declared = contentLength(info.headers());
          body.declared = declared.orElse(-1);
          if (declared.isPresent() && from + declared.getAsLong() > maxBytes) {
            return body.use(
                CappedBody.rejecting(
                    new BodyTooLargeException(
                        "Content-Length "
                            + declared.getAsLong()
                            + (from > 0 ? " after byte " + from : "")
                            + " over the cap of "
                            + maxBytes
                            + " bytes")));
          }
          try {
            body.channel = open(temp, from);
          } catch (IOException e) {
            return body.use(CappedBody.rejecting(new LocalWriteException(e)));
          }
          body.start = from;
          listener.started(from, body.declared);
          return body.use(
              CappedBody.toFile(body.channel, maxBytes - from, lastActivity, listener::written));
        };
    try (HostLimiter.Permit permit = hosts.acquire(uri)) {
      // A blocking send costs a fraction of the CPU of sendAsync().get() (no completion hand-off
      // between threads); the slot's thread waits either way. The request timeout bounds the wait
      // for the headers; the idle watch aborts a body that stops arriving.
      IdleWatch watch = new IdleWatch(body, lastActivity);
      long sent = System.nanoTime();
      try {
        HttpResponse<Long> response = client.send(request, handler);
        hosts.record(uri, System.nanoTime() - sent);
        return new Hop(
            response.statusCode(), response.headers(), response.body(), body.start, null);
      } catch (IOException e) {
        Failed f = failure(e, body, watch);
        if (f.kind() == FailureKind.TIMEOUT) {
          // A host that keeps us waiting is a slow host; one that refuses at once is not, but it
          // fails, which retires or delays the mirror anyway.
          hosts.record(uri, System.nanoTime() - sent);
        }
        return Hop.failed(f);
      } finally {
        watch.stop();
        body.close();
      }
    }
  }

  /** The file to write a body to: emptied for a whole body, cut to {@code from} for a rest. */
  private static FileChannel open(Path temp, long from) throws IOException {
    if (from == 0) {
      return FileChannel.open(
          temp,
          StandardOpenOption.WRITE,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
    FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
    try {
      if (ch.size() < from) {
        throw new IOException(temp + " has " + ch.size() + " bytes, not the " + from + " resumed");
      }
      ch.truncate(from);
      ch.position(from);
      return ch;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  private Failed timeout(IdleWatch watch) {
    return new Failed(
        FailureKind.TIMEOUT,
        (watch.sawBody ? "body stalled: no data for " : "no response within ")
            + seconds(readTimeout));
  }

  private Failed failure(IOException t, Body body, IdleWatch watch) throws LocalWriteException {
    // The client rewraps failures of the exchange in a new IOException; look down the chain.
    LocalWriteException local = cause(t, LocalWriteException.class);
    if (local != null) {
      throw local;
    }
    if (watch.fired) {
      return timeout(watch);
    }
    BodyTooLargeException large = cause(t, BodyTooLargeException.class);
    if (large != null) {
      return new Failed(FailureKind.TOO_LARGE, large.getMessage());
    }
    if (t instanceof HttpConnectTimeoutException) {
      return new Failed(FailureKind.TIMEOUT, "no connection within the connect timeout");
    }
    if (t instanceof HttpTimeoutException) {
      return new Failed(FailureKind.TIMEOUT, "no response within " + seconds(readTimeout));
    }
    if (cause(t, UnknownHostException.class) != null) {
      return new Failed(FailureKind.UNKNOWN_HOST, "unknown host");
    }
    if (cause(t, ConnectException.class) != null) {
      return new Failed(FailureKind.CONNECTION, "connection refused");
    }
    if ((body.status == 200 || body.start > 0) && body.subscriber != null) {
      long got = body.subscriber.received();
      return new Failed(
          FailureKind.TRUNCATED,
          "connection closed after "
              + got
              + (body.declared >= 0 ? " of " + body.declared : "")
              + " bytes");
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new Failed(FailureKind.CONNECTION, "connection failed: " + message);
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The body side of one exchange, filled in by the client's handler thread. */
  private static final class Body {
    volatile int status;
    volatile long declared = -1;
    volatile long start;
    volatile FileChannel channel;
    volatile CappedBody subscriber;

    CappedBody use(CappedBody s) {
      this.subscriber = s;
      return s;
    }

    void close() throws LocalWriteException {
      FileChannel c = channel;
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          throw new LocalWriteException(e);
        }
      }
    }
  }

  /**
   * Aborts the exchange when neither headers nor body bytes arrived for the read timeout. It
   * re-arms itself for the remaining time while data keeps trickling in. Before the headers, the
   * request timeout fires as well; aborting the body subscriber covers the body.
   */
  private final class IdleWatch implements Runnable {
    private final Body body;
    private final AtomicLong lastActivity;
    private final long timeoutNanos = readTimeout.toNanos();
    private ScheduledFuture<?> scheduled;
    private boolean stopped;
    volatile boolean fired;
    volatile boolean sawBody;

    IdleWatch(Body body, AtomicLong lastActivity) {
      this.body = body;
      this.lastActivity = lastActivity;
      schedule(timeoutNanos);
    }

    private synchronized void schedule(long nanos) {
      if (!stopped) {
        scheduled = timer.schedule(this, nanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void run() {
      long idle = System.nanoTime() - lastActivity.get();
      if (idle < timeoutNanos) {
        schedule(timeoutNanos - idle);
        return;
      }
      CappedBody s = body.subscriber;
      sawBody = s != null;
      fired = true;
      if (s != null) {
        s.abort(new HttpTimeoutException("body stalled"));
      }
    }

    synchronized void stop() {
      stopped = true;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }
}
