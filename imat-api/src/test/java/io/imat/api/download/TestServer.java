package io.imat.api.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server with hand-written routes, counting requests and concurrency. */
final class TestServer implements AutoCloseable {
  /** Answers one request; {@code hit} counts the requests for this path, from 1. */
  @FunctionalInterface
  interface Route {
    void handle(HttpExchange ex, int hit) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getRawPath();
          int hit = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          total.incrementAndGet();
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            Route r = routes.get(path);
            if (r == null) {
              send(ex, 404, "text/plain", "no route".getBytes());
            } else {
              r.handle(ex, hit);
            }
          } catch (Exception e) {
            ex.close();
          } finally {
            inFlight.decrementAndGet();
          }
        });
    server.start();
  }

  TestServer route(String path, Route r) {
    routes.put(path, r);
    return this;
  }

  /** Serves {@code body} with status 200 and a Content-Length. */
  TestServer serve(String path, byte[] body) {
    return route(path, (ex, hit) -> send(ex, 200, "image/jpeg", body));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  int total() {
    return total.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends {@code body} without a Content-Length (chunked), in pieces. */
  static void sendChunked(HttpExchange ex, byte[] body, int pieces, long pauseMillis)
      throws IOException, InterruptedException {
    ex.getResponseHeaders().set("Content-Type", "image/jpeg");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      int step = Math.max(1, body.length / pieces);
      for (int off = 0; off < body.length; off += step) {
        out.write(body, off, Math.min(step, body.length - off));
        out.flush();
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      }
    }
  }

  static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
