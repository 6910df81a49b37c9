package io.imat.testing.synth;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imat.api.dataset.ImageIds;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Label;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Serves a synthetic dataset's pictures over HTTP on 127.0.0.1, with the dead and flaky mirrors its
 * {@code synth.json} declares, so that downloaders can be tested and demonstrated against the
 * misbehaviour of the real web of 2017 without touching the network.
 *
 * <p>A request for {@code /m<k>/<imageId>/<name>.jpg} is answered with {@code
 * DIR/images/<imageId>.jpg} (404 when the image is gone) unless the path has a {@link Fault}:
 *
 * <ul>
 *   <li>{@link FaultKind#NOT_FOUND} 404, {@link FaultKind#GONE} 410, {@link FaultKind#SERVER_ERROR}
 *       500, always;
 *   <li>{@link FaultKind#HTML_PAGE}: 200 with an HTML "image removed" page;
 *   <li>{@link FaultKind#REDIRECT_LOOP}: 302 to itself; {@link FaultKind#REDIRECT}: 302 to the
 *       fault's target path on this server;
 *   <li>{@link FaultKind#TRUNCATED}: Content-Length of the whole picture, half of it, then the
 *       connection is closed;
 *   <li>{@link FaultKind#STALL}: no response at all until the stall time has passed, then the
 *       connection is closed (no thread is held meanwhile);
 *   <li>{@link FaultKind#FLAKY}: 503 for the first {@code count} requests, then the picture;
 *   <li>{@link FaultKind#RATE_LIMITED}: 429 with {@code Retry-After: count} on the first request,
 *       then the picture.
 * </ul>
 *
 * <pre>{@code
 * try (SyntheticServer server = SyntheticServer.builder(Path.of("data")).port(0).start()) {
 *   ImatDataset train = server.rebase(ImatDataset.load(Path.of("data/fgvc4_iMat.train.data.json")));
 *   // download train ...
 * }
 * }</pre>
 *
 * <p>Fault state (how often a flaky URL has failed) lives in the instance: a new server starts
 * afresh. Thread-safe; requests are counted per path for tests.
 *
 * <p>Speed: the JDK server leaves Nagle's algorithm on unless the JVM runs with {@code
 * -Dsun.net.httpserver.nodelay=true}, and then every response waits ~40 ms for the client's delayed
 * ACK. Fine for tests; applications that serve for throughput call {@link #preferNoDelay()} before
 * the first server starts (as {@code imat serve} and the quickstart do).
 */
public final class SyntheticServer implements AutoCloseable {
  private static final byte[] HTML_PAGE =
      ("<!DOCTYPE html><html><head><title>Image not available</title></head><body><h1>This"
              + " image has been removed</h1><p>The product you are looking for is no longer"
              + " available.</p></body></html>")
          .getBytes(StandardCharsets.UTF_8);
  // Paced bodies go out in pieces of this size, roughly a TCP segment train.
  private static final int PACE_CHUNK = 8192;

  private final Path imagesDir;
  private final SyntheticManifest manifest;
  private final ImmutableMap<String, Fault> faults;
  private final Duration stall;
  private final HttpServer server;
  private final List<HttpServer> extraHosts = new ArrayList<>();
  private final @Nullable WebConditions web;
  private final ExecutorService handlers;
  private final ScheduledExecutorService stalls;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicLongArray hostRequests;
  private final String baseUrl;
  private final List<String> baseUrls = new ArrayList<>();

  private SyntheticServer(Builder b, SyntheticManifest manifest) throws IOException {
    this.imagesDir = b.dir.resolve(SyntheticDataset.IMAGES_DIR);
    this.manifest = manifest;
    this.faults = manifest.faults();
    this.stall = b.stall;
    this.web = b.web;
    this.hostRequests =
        new java.util.concurrent.atomic.AtomicLongArray(web == null ? 1 : web.hosts());
    int port = b.port >= 0 ? b.port : manifest.port();
    // Under web conditions a handler sleeps through each response's latency: one thread per
    // response in flight, as many as any client keeps open.
    int threads = web == null ? b.threads : Math.max(b.threads, 256);
    this.handlers = Executors.newFixedThreadPool(threads, daemon("imat-serve"));
    this.stalls = Executors.newSingleThreadScheduledExecutor(daemon("imat-serve-stall"));
    this.server = listen(port, 0);
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    baseUrls.add(baseUrl);
    try {
      for (int h = 1; web != null && h < web.hosts(); h++) {
        HttpServer extra = listen(0, h);
        extraHosts.add(extra);
        baseUrls.add("http://127.0.0.1:" + extra.getAddress().getPort());
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private HttpServer listen(int port, int host) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    s.setExecutor(handlers);
    s.createContext("/", ex -> handle(ex, host));
    s.start();
    return s;
  }

  /** A builder serving the synthetic dataset written to {@code dir} by {@code imat synth}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /**
   * Asks the JDK HTTP server to send responses without Nagle's delay, unless the JVM was started
   * with an explicit {@code sun.net.httpserver.nodelay}. The JDK reads the property once, when its
   * first server starts, and for the whole JVM: call this early, from the application.
   */
  public static void preferNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The manifest ({@code synth.json}) being served. */
  public SyntheticManifest manifest() {
    return manifest;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}, where the server actually listens. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Every host's {@code http://127.0.0.1:PORT}: one unless the server imitates the web with several
   * hosts, host 0 first (it is {@link #baseUrl()}).
   */
  public List<String> baseUrls() {
    return List.copyOf(baseUrls);
  }

  /** The web conditions imitated, or null for loopback speed. */
  public @Nullable WebConditions web() {
    return web;
  }

  /**
   * {@code dataset} with its URLs spread over this server's hosts as {@link WebConditions#hostOf}
   * says (all on {@link #baseUrl()} when the server has one host).
   */
  public ImatDataset rebaseAcrossHosts(ImatDataset dataset) {
    return rebase(dataset, manifest.baseUrl(), baseUrls, web);
  }

  /**
   * {@code image} with each URL under {@code from} moved to one of {@code hosts}: mirror {@code k}
   * to {@code hosts[web.hostOf(id, k)]}, or to the first host when {@code web} is null.
   */
  public static ImageRecord rebaseAcrossHosts(
      ImageRecord image, String from, List<String> hosts, @Nullable WebConditions web) {
    List<String> urls = new ArrayList<>(image.urls().size());
    for (int k = 0; k < image.urls().size(); k++) {
      String u = image.urls().get(k);
      String to = hosts.get(web == null ? 0 : web.hostOf(image.id(), k) % hosts.size());
      urls.add(u.startsWith(from) ? to + u.substring(from.length()) : u);
    }
    return ImageRecord.of(image.id(), urls);
  }

  /** Requests received so far, all paths together. */
  public long requests() {
    return requests.get();
  }

  /** Requests received so far by host {@code host} (0-based, as in {@link #baseUrls()}). */
  public long requestsTo(int host) {
    return hostRequests.get(host);
  }

  /** Requests received so far for this raw path (as in the URL, e.g. {@code /m0/17/x.jpg}). */
  public int requests(String rawPath) {
    AtomicInteger n = hits.get(rawPath);
    return n == null ? 0 : n.get();
  }

  /**
   * {@code dataset} with every URL under the manifest's base URL moved to where this server
   * actually listens: for a server on an ephemeral port, or a dataset made for another port.
   */
  public ImatDataset rebase(ImatDataset dataset) {
    return rebase(dataset, manifest.baseUrl(), baseUrl);
  }

  /** {@code dataset} with the URL prefix {@code from} replaced by {@code to} everywhere. */
  public static ImatDataset rebase(ImatDataset dataset, String from, String to) {
    return rebase(dataset, from, List.of(to), null);
  }

  /**
   * {@code dataset} with every image moved as {@link #rebaseAcrossHosts(ImageRecord, String, List,
   * WebConditions)} moves it.
   */
  private static ImatDataset rebase(
      ImatDataset dataset, String from, List<String> hosts, @Nullable WebConditions web) {
    ImatDataset.Builder b = ImatDataset.builder(dataset.taxonomy());
    for (ImageRecord r : dataset.images()) {
      b.addImage(rebaseAcrossHosts(r, from, hosts, web));
    }
    copyAnnotations(dataset, b);
    return b.annotated(dataset.hasAnnotations()).build();
  }

  private static void copyAnnotations(ImatDataset dataset, ImatDataset.Builder b) {
    for (int i = 0; i < dataset.size(); i++) {
      String id = dataset.image(i).id();
      dataset.forEachPair(
          i,
          (task, labels) -> {
            for (int l : labels) {
              Label label = dataset.taxonomy().labels().get(l);
              b.annotate(id, task, label);
            }
          });
    }
  }

  /** Stops listening and closes every connection, stalled ones included. */
  @Override
  public void close() {
    server.stop(0);
    extraHosts.forEach(s -> s.stop(0));
    stalls.shutdownNow();
    handlers.shutdownNow();
  }

  private void handle(HttpExchange ex, int host) {
    try {
      String path = ex.getRequestURI().getRawPath();
      requests.incrementAndGet();
      hostRequests.incrementAndGet(host);
      int hit = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      if (web != null) {
        if (web.stalls(path, hit)) {
          stalls.schedule(ex::close, stall.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
        Thread.sleep(web.latency(host, path, hit).toMillis());
      }
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        text(ex, 405, "method not allowed");
        return;
      }
      Fault fault = faults.get(path);
      if (fault == null) {
        picture(ex, path, host);
        return;
      }
      switch (fault.kind()) {
        case NOT_FOUND -> text(ex, 404, "not found");
        case GONE -> text(ex, 410, "gone");
        case SERVER_ERROR -> text(ex, 500, "internal server error");
        case HTML_PAGE -> {
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          send(ex, 200, HTML_PAGE);
        }
        case REDIRECT_LOOP -> redirect(ex, path);
        case REDIRECT -> redirect(ex, fault.target());
        case TRUNCATED -> truncated(ex, path);
        case STALL -> stalls.schedule(ex::close, stall.toMillis(), TimeUnit.MILLISECONDS);
        case FLAKY -> {
          if (hit <= fault.count()) {
            text(ex, 503, "service unavailable");
          } else {
            picture(ex, path, host);
          }
        }
        case RATE_LIMITED -> {
          if (hit == 1) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(fault.count()));
            text(ex, 429, "too many requests");
          } else {
            picture(ex, path, host);
          }
        }
      }
    } catch (IOException e) {
      // The client went away mid-response; nothing to do but drop the connection.
      ex.close();
    } catch (InterruptedException e) {
      ex.close();
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ex.close();
      throw e;
    }
  }

  private void picture(HttpExchange ex, String path, int host)
      throws IOException, InterruptedException {
    byte[] bytes = pictureBytes(path);
    if (bytes == null) {
      text(ex, 404, "not found");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "image/jpeg");
    if (web == null) {
      send(ex, 200, bytes);
    } else {
      paced(ex, bytes, web.bytesPerSecond(host));
    }
  }

  /** A 200 whose body flows no faster than {@code rate} bytes per second. */
  private static void paced(HttpExchange ex, byte[] body, long rate)
      throws IOException, InterruptedException {
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(200, head ? -1 : body.length);
    if (!head) {
      long start = System.nanoTime();
      try (OutputStream out = ex.getResponseBody()) {
        for (int from = 0; from < body.length; from += PACE_CHUNK) {
          int n = Math.min(PACE_CHUNK, body.length - from);
          // A piece goes out when its last byte would have arrived over the capped link.
          long due = start + (long) ((from + n) * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          out.write(body, from, n);
          out.flush();
        }
      }
    }
    ex.close();
  }

  private void truncated(HttpExchange ex, String path) throws IOException {
    byte[] bytes = pictureBytes(path);
    if (bytes == null) {
      text(ex, 404, "not found");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "image/jpeg");
    ex.sendResponseHeaders(200, bytes.length);
    OutputStream out = ex.getResponseBody();
    out.write(bytes, 0, bytes.length / 2);
    out.flush();
    // Closing short of the announced length makes the server drop the connection mid-body.
    try {
      ex.close();
    } catch (RuntimeException e) {
      // The JDK server complains about the missing bytes; that is the point.
    }
  }

  /** The picture for {@code /m<k>/<imageId>/<name>}, or null when there is none. */
  private byte @Nullable [] pictureBytes(String path) throws IOException {
    String[] parts = path.split("/");
    // "", "m<k>", "<imageId>", "<name>"
    if (parts.length != 4 || !parts[1].startsWith("m") || !ImageIds.isSafe(parts[2])) {
      return null;
    }
    try {
      return Files.readAllBytes(imagesDir.resolve(parts[2] + ".jpg"));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void redirect(HttpExchange ex, String targetPath) throws IOException {
    ex.getResponseHeaders().set("Location", baseUrl + targetPath);
    send(ex, 302, new byte[0]);
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, (status + " " + body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Options of a {@link SyntheticServer}. */
  public static final class Builder {
    private final Path dir;
    private int port = -1;
    private Duration stall = Duration.ofMinutes(5);
    private int threads = 8;
    private @Nullable WebConditions web;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** The port; 0 picks a free one (default: the port of the manifest's base URL). */
    public Builder port(int value) {
      checkArgument(value >= 0 && value <= 65535, "port %s out of 0..65535", value);
      this.port = value;
      return this;
    }

    /** How long a {@link FaultKind#STALL} URL keeps the client waiting (default 5 minutes). */
    public Builder stall(Duration value) {
      checkArgument(!value.isNegative(), "negative stall %s", value);
      this.stall = value;
      return this;
    }

    /**
     * Imitates the real web (latency, bandwidth cap, stalls, several hosts with a few slow ones)
     * instead of answering at loopback speed (default: loopback speed, one host).
     */
    public Builder web(WebConditions value) {
      this.web = java.util.Objects.requireNonNull(value, "web");
      return this;
    }

    /** Handler threads (default 8; at least 256 under {@link #web} conditions). */
    public Builder threads(int value) {
      checkArgument(value >= 1, "threads must be at least 1, got %s", value);
      this.threads = value;
      return this;
    }

    /**
     * Reads {@code synth.json} and starts serving.
     *
     * @throws io.imat.api.io.InvalidDataException if the directory has no valid manifest
     * @throws IOException if the port cannot be bound
     */
    public SyntheticServer start() throws IOException {
      SyntheticManifest m = SyntheticManifest.read(dir);
      URI base = URI.create(m.baseUrl());
      checkArgument(base.getPort() > 0 || port >= 0, "no port in %s and none given", base);
      return new SyntheticServer(this, m);
    }
  }
}
