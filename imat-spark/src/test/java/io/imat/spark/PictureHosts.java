package io.imat.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several picture servers on 127.0.0.1, one port each (to a downloader, one host each): {@code
 * /<imageId>.jpg} is {@code DIR/<imageId>.jpg} or 404. Every response is held back a little, so
 * that requests to one host that are allowed to overlap do overlap; each host records the most
 * requests it had in flight at once.
 */
final class PictureHosts implements AutoCloseable {
  private final List<Host> hosts = new ArrayList<>();
  private final ExecutorService handlers = Executors.newCachedThreadPool();

  PictureHosts(Path pictures, int count, int delayMillis) throws IOException {
    for (int i = 0; i < count; i++) {
      hosts.add(new Host(pictures, delayMillis, handlers));
    }
  }

  /** {@code http://127.0.0.1:PORT} of host {@code i}. */
  String baseUrl(int i) {
    return "http://127.0.0.1:" + hosts.get(i).server.getAddress().getPort();
  }

  /** The most requests host {@code i} had in flight at once. */
  int maxInFlight(int i) {
    return hosts.get(i).maxInFlight.get();
  }

  /** Requests host {@code i} received. */
  int requests(int i) {
    return hosts.get(i).requests.get();
  }

  /** Forgets the counts. */
  void reset() {
    hosts.forEach(
        h -> {
          h.maxInFlight.set(0);
          h.requests.set(0);
        });
  }

  @Override
  public void close() {
    hosts.forEach(h -> h.server.stop(0));
    handlers.shutdownNow();
  }

  private static final class Host {
    final HttpServer server;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    Host(Path pictures, int delayMillis, ExecutorService handlers) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(handlers);
      server.createContext(
          "/",
          ex -> {
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              // Out of flight before the first byte of the answer: a client cannot send its next
              // request on the freed slot before this request stopped counting.
              inFlight.decrementAndGet();
            }
            String name = ex.getRequestURI().getPath().substring(1);
            Path file = pictures.resolve(name);
            if (name.matches("[0-9]+\\.jpg") && Files.isRegularFile(file)) {
              send(ex, 200, "image/jpeg", Files.readAllBytes(file));
            } else {
              send(ex, 404, "text/plain", "not found".getBytes());
            }
          });
      server.start();
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body)
        throws IOException {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      ex.close();
    }
  }
}
