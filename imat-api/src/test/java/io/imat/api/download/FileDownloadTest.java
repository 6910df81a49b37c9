package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDownloadTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
  private static final RetryPolicy FAST =
      RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ofMillis(5)).jitter(0).build();

  @TempDir Path dir;
  private final TestServer server = newServer();
  private final byte[] body = randomBytes(300_000, 1);
  // The Range header of every request, "" when there was none.
  private final List<String> ranges = new ArrayList<>();

  private static TestServer newServer() {
    try {
      return new TestServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The check a caller would pass: the file's SHA-256 must be {@code expected}'s. */
  static FileDownload.Check hashOf(byte[] expected) {
    return file -> {
      try {
        String want = sha256(expected);
        String got = sha256(Files.readAllBytes(file));
        if (!want.equals(got)) {
          throw new IOException(file + ": sha256 " + got + ", expected " + want);
        }
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * Serves {@link #body}: honours {@code Range: bytes=N-} with a 206 when {@code ranges} is on, and
   * on the requests numbered in {@code cutOn} announces the full length but closes the connection
   * after {@code cutAt} bytes.
   */
  TestServer.Route file(boolean honourRange, int cutAt, int... cutOn) {
    return (ex, hit) -> {
      String range = ex.getRequestHeaders().getFirst("Range");
      synchronized (ranges) {
        ranges.add(range == null ? "" : range);
      }
      int from = 0;
      Matcher m = RANGE.matcher(range == null ? "" : range);
      if (honourRange && m.matches()) {
        from = Integer.parseInt(m.group(1));
        if (from >= body.length) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
          ex.sendResponseHeaders(416, -1);
          ex.close();
          return;
        }
        ex.getResponseHeaders()
            .set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      }
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(from > 0 ? 206 : 200, body.length - from);
      boolean cut = false;
      for (int c : cutOn) {
        cut |= c == hit;
      }
      OutputStream out = ex.getResponseBody();
      if (cut) {
        out.write(body, from, cutAt);
        out.flush();
        closeQuietly(ex);
        return;
      }
      out.write(body, from, body.length - from);
      out.close();
    };
  }

  // Closing short of the announced length drops the connection mid-body; the server complains.
  private static void closeQuietly(HttpExchange ex) {
    try {
      ex.close();
    } catch (RuntimeException e) {
      // expected
    }
  }

  FileDownload download() {
    return FileDownload.builder()
        .retryPolicy(FAST)
        .readTimeout(Duration.ofSeconds(10))
        .maxRedirects(3)
        .build();
  }

  Path target() {
    return dir.resolve("sub").resolve("weights.h5");
  }

  @Test
  void aWholeFileIsCheckedThenRenamedIntoPlace() throws Exception {
    server.route("/w.h5", file(true, 0));
    List<Long> steps = new ArrayList<>();
    AtomicLong total = new AtomicLong();
    ProgressListener listener =
        (name, t) -> {
          assertThat(name).isEqualTo("fetch weights.h5");
          total.set(t);
          return new Progress() {
            @Override
            public void step(long n) {
              steps.add(n);
            }

            @Override
            public void message(String text) {}

            @Override
            public void close() {}
          };
        };

    FileDownload.Result r =
        download().download(server.url("/w.h5"), target(), hashOf(body), listener);

    assertThat(r.path()).isEqualTo(target().toAbsolutePath());
    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(r.bytes()).isEqualTo(body.length);
    assertThat(r.requests()).isEqualTo(1);
    assertThat(r.resumedFrom()).isZero();
    assertThat(FileDownload.partFile(target())).doesNotExist();
    assertThat(ranges).containsExactly("");
    assertThat(total.get()).isEqualTo(body.length);
    assertThat(steps.stream().mapToLong(Long::longValue).sum()).isEqualTo(body.length);
  }

  @Test
  void aBodyCutMidwayIsResumedWithARangeRequest() throws Exception {
    server.route("/w.h5", file(true, 100_000, 1));

    FileDownload.Result r =
        download().download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none());

    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(ranges).containsExactly("", "bytes=100000-");
    assertThat(r.requests()).isEqualTo(2);
    assertThat(r.resumedFrom()).isEqualTo(100_000);
    assertThat(FileDownload.partFile(target())).doesNotExist();
  }

  @Test
  void anInterruptedDownloadLeavesAPartThatTheNextCallCompletes() throws Exception {
    server.route("/w.h5", file(true, 120_000, 1));
    FileDownload once = FileDownload.builder().retryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(
            () ->
                once.download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.TRUNCATED);
              assertThat(e.url()).isEqualTo(server.url("/w.h5"));
              assertThat(e.getMessage()).contains("weights.h5.part kept for a resume");
            });
    Path part = FileDownload.partFile(target());
    assertThat(target()).doesNotExist();
    assertThat(Files.size(part)).isEqualTo(120_000);

    FileDownload.Result r =
        once.download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none());

    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(r.resumedFrom()).isEqualTo(120_000);
    assertThat(ranges).containsExactly("", "bytes=120000-");
    assertThat(part).doesNotExist();
  }

  @Test
  void aServerThatIgnoresRangeSendsTheWholeFileAgain() throws Exception {
    server.route("/w.h5", file(false, 50_000, 1));

    FileDownload.Result r =
        download().download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none());

    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(ranges).containsExactly("", "bytes=50000-");
    assertThat(r.resumedFrom()).isZero();
    assertThat(r.bytes()).isEqualTo(body.length);
  }

  @Test
  void aBadPartFailsTheCheckAndIsDownloadedAgainFromScratch() throws Exception {
    server.route("/w.h5", file(true, 0));
    Files.createDirectories(target().getParent());
    Files.write(FileDownload.partFile(target()), randomBytes(1_000, 99)); // not body's prefix

    FileDownload.Result r =
        download().download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none());

    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(ranges).containsExactly("bytes=1000-", "");
    assertThat(r.requests()).isEqualTo(2);
    assertThat(r.resumedFrom()).isZero();
  }

  @Test
  void aRangeTheServerCannotSatisfyStartsOver() throws Exception {
    server.route("/w.h5", file(true, 0));
    Files.createDirectories(target().getParent());
    Files.write(FileDownload.partFile(target()), randomBytes(body.length + 10, 5));

    download().download(server.url("/w.h5"), target(), hashOf(body), ProgressListener.none());

    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(ranges).containsExactly("bytes=" + (body.length + 10) + "-", "");
  }

  @Test
  void aFileThatFailsTheCheckNeverGetsTheFinalName() throws Exception {
    server.route("/w.h5", file(true, 0));
    byte[] other = randomBytes(body.length, 2);

    assertThatThrownBy(
            () ->
                download()
                    .download(
                        server.url("/w.h5"), target(), hashOf(other), ProgressListener.none()))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(FileDownloadException.class)
        .hasMessageContaining("sha256 " + sha256(body))
        .hasMessageContaining("expected " + sha256(other));
    assertThat(target()).doesNotExist();
    assertThat(FileDownload.partFile(target())).doesNotExist();
  }

  @Test
  void redirectsAreFollowedOnlyUpToTheLimit() throws Exception {
    server.route("/w.h5", file(true, 0));
    for (int i = 1; i <= 4; i++) {
      String next = i == 4 ? "/w.h5" : "/r" + (i + 1);
      server.route("/r" + i, (ex, hit) -> TestServer.redirect(ex, next));
    }

    // r3 -> r4 -> w.h5: two redirects, within the limit of 3.
    download().download(server.url("/r3"), target(), hashOf(body), ProgressListener.none());
    assertThat(Files.readAllBytes(target())).isEqualTo(body);

    // r1 -> r2 -> r3 -> r4 -> w.h5: four.
    Path other = dir.resolve("other.h5");
    assertThatThrownBy(
            () -> download().download(server.url("/r1"), other, f -> {}, ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.TOO_MANY_REDIRECTS));
    assertThat(other).doesNotExist();
    assertThat(server.hits("/r1")).isEqualTo(1); // permanent: not retried
  }

  @Test
  void onlyHttpAndHttpsAreFetchedAndRedirectsKeepTheScheme() throws Exception {
    for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/w.h5", "w.h5")) {
      assertThatThrownBy(() -> download().download(url, target(), f -> {}, ProgressListener.none()))
          .as(url)
          .isInstanceOfSatisfying(
              FileDownloadException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.BAD_URL));
    }
    server.route("/ftp", (ex, hit) -> TestServer.redirect(ex, "ftp://127.0.0.1/w.h5"));
    assertThatThrownBy(
            () ->
                download().download(server.url("/ftp"), target(), f -> {}, ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.SCHEME_CHANGE));
    assertThat(target()).doesNotExist();
  }

  @Test
  void aMissingFileIsNotRetriedAndTransientFailuresAre() throws Exception {
    assertThatThrownBy(
            () ->
                download()
                    .download(server.url("/gone"), target(), f -> {}, ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
              assertThat(e.getMessage()).isEqualTo(server.url("/gone") + ": 404 Not Found");
            });
    assertThat(server.hits("/gone")).isEqualTo(1);

    server.route(
        "/flaky",
        (ex, hit) -> {
          if (hit <= 2) {
            TestServer.send(ex, 503, "text/plain", "busy".getBytes());
          } else {
            TestServer.send(ex, 200, "application/octet-stream", body);
          }
        });
    download().download(server.url("/flaky"), target(), hashOf(body), ProgressListener.none());
    assertThat(Files.readAllBytes(target())).isEqualTo(body);
    assertThat(server.hits("/flaky")).isEqualTo(3);
  }

  @Test
  void aFileOverTheCapIsRefused() {
    server.route("/w.h5", file(true, 0));
    FileDownload small = FileDownload.builder().maxBytes(1_000).build();

    assertThatThrownBy(
            () -> small.download(server.url("/w.h5"), target(), f -> {}, ProgressListener.none()))
        .isInstanceOfSatisfying(
            FileDownloadException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.TOO_LARGE));
    assertThat(target()).doesNotExist();
  }
}
