package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.progress.Progress;
import io.imat.api.synth.Fault;
import io.imat.api.synth.FaultKind;
import io.imat.api.synth.SyntheticDataset;
import io.imat.api.synth.SyntheticServer;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageDownloaderTest {
  private static final RetryPolicy FAST_RETRIES =
      RetryPolicy.builder()
          .maxRetries(2)
          .initialBackoff(Duration.ofMillis(5))
          .maxBackoff(Duration.ofMillis(20))
          .build();

  @TempDir Path tmp;

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /** Short retries, generous timeouts, retry waits recorded but not spent. */
  private ImageDownloader.Builder downloader() {
    return ImageDownloader.builder()
        .concurrency(4)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(10))
        .retryPolicy(FAST_RETRIES)
        .durable(false)
        .delays(
            d -> {
              sleeps.add(d);
              return Duration.ZERO;
            });
  }

  private Path out() {
    return tmp.resolve("out");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static List<String> tempFiles(Path dir) throws IOException {
    return files(dir).stream()
        .map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith(AtomicFiles.TEMP_PREFIX))
        .toList();
  }

  @Test
  void downloadsEveryPictureByteForByteAndReportsProgress() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 12)) {
      m.start();
      AtomicLong steps = new AtomicLong();
      AtomicLong announced = new AtomicLong();
      DownloadReport r =
          downloader()
              .progress(
                  (name, total) -> {
                    announced.set(total);
                    return new Progress() {
                      @Override
                      public void step(long n) {
                        steps.addAndGet(n);
                      }

                      @Override
                      public void message(String text) {}

                      @Override
                      public void close() {}
                    };
                  })
              .build()
              .download(m.dataset(2), out());

      assertThat(r.total()).isEqualTo(12);
      assertThat(r.downloaded()).isEqualTo(12);
      assertThat(r.missing()).isZero();
      assertThat(r.failures()).isEmpty();
      assertThat(r.picturesPerMirror()).containsExactly(12L, 0L);
      assertThat(r.attemptsPerMirror()).containsExactly(12L, 0L);
      assertThat(steps.get()).isEqualTo(12);
      assertThat(announced.get()).isEqualTo(12);
      for (var e : m.pictures.entrySet()) {
        assertThat(out().resolve(e.getKey() + ".jpg")).hasBinaryContent(e.getValue());
      }
      assertThat(r.bytes()).isEqualTo(m.pictures.values().stream().mapToLong(b -> b.length).sum());
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void aFaultyFirstMirrorFallsBackToTheSecond(FaultKind kind) throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      Fault fault =
          switch (kind) {
            case FLAKY -> Fault.of(kind, 2);
            case RATE_LIMITED -> Fault.of(kind, 1);
            case REDIRECT -> Fault.redirect(FaultyMirrors.path(1, 1));
            default -> Fault.of(kind, 0);
          };
      m.fault(1, 0, fault).start();
      ImageDownloader d =
          downloader()
              .readTimeout(
                  kind == FaultKind.STALL ? Duration.ofMillis(300) : Duration.ofSeconds(10))
              .build();

      DownloadReport r = d.download(m.dataset(2), out());

      assertThat(r.downloaded()).as(r.toJson()).isEqualTo(1);
      assertThat(out().resolve("1.jpg")).hasBinaryContent(m.pictures.get("1"));
      // A redirect serves the picture through the first mirror; anything else through the second.
      assertThat(r.picturesPerMirror())
          .containsExactly(
              kind == FaultKind.REDIRECT ? 1L : 0L, kind == FaultKind.REDIRECT ? 0L : 1L);
      // The second mirror is tried at once, so the first is never retried.
      assertThat(r.attemptsPerMirror().get(0)).isEqualTo(1L);
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = FaultKind.class,
      names = {"NOT_FOUND", "GONE", "SERVER_ERROR", "HTML_PAGE", "REDIRECT_LOOP", "TRUNCATED"})
  void aPermanentlyDeadSingleMirrorLosesTheImageWithItsReason(FaultKind kind) throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 2)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(kind, 0)).start();

      DownloadReport r = downloader().build().download(m.dataset(1), out());

      assertThat(r.downloaded()).isEqualTo(1);
      assertThat(r.missing()).isEqualTo(1);
      DownloadFailure f = r.failures().get(0);
      assertThat(f.imageId()).isEqualTo("1");
      FailureKind expected =
          switch (kind) {
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case GONE -> FailureKind.GONE;
            case SERVER_ERROR -> FailureKind.SERVER_ERROR;
            case HTML_PAGE -> FailureKind.NOT_A_PICTURE;
            case REDIRECT_LOOP -> FailureKind.REDIRECT_LOOP;
            default -> FailureKind.TRUNCATED;
          };
      assertThat(f.kind()).isEqualTo(expected);
      assertThat(f.reason()).isNotBlank();
      // 404, 410, loops and HTML pages are not retried; 5xx and cut-off bodies are, to the limit.
      int requests = server.requests(FaultyMirrors.path(1, 0));
      int attempts = expected.isTransient() ? 1 + FAST_RETRIES.maxRetries() : 1;
      assertThat(requests).isEqualTo(attempts);
      assertThat(f.mirrors())
          .singleElement()
          .satisfies(mf -> assertThat(mf.attempts()).isEqualTo(attempts));
      assertThat(out().resolve("1.jpg")).doesNotExist();
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @Test
  void htmlServedWith200IsNamedInTheReason() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      m.fault(1, 0, Fault.of(FaultKind.HTML_PAGE, 0)).start();
      DownloadReport r = downloader().build().download(m.dataset(1), out());
      assertThat(r.failures().get(0).reason())
          .contains("200 OK")
          .contains("not a picture")
          .contains("<!DOCTYPE html>")
          .contains("text/html");
    }
  }

  @Test
  void aFlakyMirrorIsRetriedUntilItServes() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(FaultKind.FLAKY, 2)).start();

      DownloadReport r = downloader().random(() -> 0).build().download(m.dataset(1), out());

      assertThat(r.downloaded()).isEqualTo(1);
      assertThat(server.requests(FaultyMirrors.path(1, 0))).isEqualTo(3);
      assertThat(r.attemptsPerMirror()).containsExactly(3L);
      // Exponential backoff without jitter (random 0): 5 ms, then 10 ms.
      assertThat(sleeps).hasSize(2);
      assertThat(sleeps.get(1)).isGreaterThan(sleeps.get(0));
      assertThat(sleeps.get(0)).isLessThanOrEqualTo(Duration.ofMillis(5));
    }
  }

  @Test
  void retriesEndAtTheLimit() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(FaultKind.FLAKY, 10)).start();
      DownloadReport r = downloader().build().download(m.dataset(1), out());
      assertThat(r.missing()).isEqualTo(1);
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.SERVER_ERROR);
      assertThat(r.failures().get(0).reason()).contains("503");
      assertThat(server.requests(FaultyMirrors.path(1, 0))).isEqualTo(3);
    }
  }

  @Test
  void retryAfterIsHonoured() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(FaultKind.RATE_LIMITED, 3)).start();

      DownloadReport r = downloader().build().download(m.dataset(1), out());

      assertThat(r.downloaded()).isEqualTo(1);
      assertThat(server.requests(FaultyMirrors.path(1, 0))).isEqualTo(2);
      // The backoff would be 5 ms; the server asked for 3 s, and got them.
      assertThat(sleeps)
          .singleElement()
          .satisfies(d -> assertThat(d).isGreaterThan(Duration.ofMillis(2900)));
    }
  }

  @Test
  void anImageWaitingForARetryDoesNotHoldItsSlot() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    byte[] jpeg = Pictures.jpeg(30, 30);
    try (TestServer s = new TestServer()) {
      List<List<String>> urls = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        String path = "/p" + i;
        s.route(
            path,
            (ex, hit) -> {
              order.add(path);
              if (path.equals("/p1") && hit == 1) {
                ex.getResponseHeaders().set("Retry-After", "2");
                TestServer.send(ex, 429, "text/plain", "slow down".getBytes());
              } else {
                TestServer.send(ex, 200, "image/jpeg", jpeg);
              }
            });
        urls.add(List.of(s.url(path)));
      }
      // One slot; the 2 s wait of image 1 is really spent, shortened to 300 ms.
      DownloadReport r =
          downloader()
              .concurrency(1)
              .delays(
                  d -> {
                    sleeps.add(d);
                    return Duration.ofMillis(300);
                  })
              .build()
              .download(dataset(urls), out());
      assertThat(r.downloaded()).isEqualTo(5);
      assertThat(sleeps).singleElement().isEqualTo(Duration.ofSeconds(2));
      // Images 2..5 went through the single slot while image 1 waited.
      assertThat(order).containsExactly("/p1", "/p2", "/p3", "/p4", "/p5", "/p1");
    }
  }

  @Test
  void aRetryAfterBeyondTheCapGivesTheMirrorUp() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(FaultKind.RATE_LIMITED, 3600)).start();
      DownloadReport r = downloader().build().download(m.dataset(1), out());
      assertThat(r.missing()).isEqualTo(1);
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.RATE_LIMITED);
      assertThat(r.failures().get(0).reason()).contains("Retry-After 3600 s");
      assertThat(server.requests(FaultyMirrors.path(1, 0))).isEqualTo(1);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void aStalledMirrorTimesOutAndIsRetried() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 1)) {
      SyntheticServer server = m.fault(1, 0, Fault.of(FaultKind.STALL, 0)).start();
      DownloadReport r =
          downloader()
              .readTimeout(Duration.ofMillis(200))
              .retryPolicy(FAST_RETRIES.toBuilder().maxRetries(1).build())
              .build()
              .download(m.dataset(1), out());
      assertThat(r.missing()).isEqualTo(1);
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(r.failures().get(0).reason()).contains("no response within 200 ms");
      assertThat(server.requests(FaultyMirrors.path(1, 0))).isEqualTo(2);
    }
  }

  @Test
  void aBodyThatStallsAfterTheHeadersTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TestServer s = new TestServer()) {
      byte[] jpeg = Pictures.jpeg(64, 64);
      s.route(
          "/stall",
          (ex, hit) -> {
            ex.sendResponseHeaders(200, jpeg.length);
            ex.getResponseBody().write(jpeg, 0, 100);
            ex.getResponseBody().flush();
            release.await(20, TimeUnit.SECONDS);
            ex.close();
          });
      ImatDataset ds = dataset(List.of(s.url("/stall")));
      DownloadReport r =
          downloader()
              .readTimeout(Duration.ofMillis(300))
              .retryPolicy(RetryPolicy.none())
              .build()
              .download(ds, out());
      release.countDown();
      assertThat(r.missing()).isEqualTo(1);
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(r.failures().get(0).reason()).contains("body stalled");
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @Test
  void aSlowButSteadyBodyIsNotCutOff() throws Exception {
    try (TestServer s = new TestServer()) {
      byte[] jpeg = Pictures.jpeg(120, 90);
      // 8 chunks 250 ms apart: 2 s in all, four times the read timeout, but never idle that long.
      s.route("/slow", (ex, hit) -> TestServer.sendChunked(ex, jpeg, 8, 250));
      DownloadReport r =
          downloader()
              .readTimeout(Duration.ofMillis(1000))
              .retryPolicy(RetryPolicy.none())
              .build()
              .download(dataset(List.of(s.url("/slow"))), out());
      assertThat(r.downloaded()).as(r.toJson()).isEqualTo(1);
      assertThat(out().resolve("1.jpg")).hasBinaryContent(jpeg);
    }
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    try (TestServer s = new TestServer()) {
      byte[] jpeg = Pictures.jpeg(50, 50);
      s.route(
          "/reset",
          (ex, hit) -> {
            if (hit == 1) {
              ex.close(); // no status line at all: the connection just closes
            } else {
              TestServer.send(ex, 200, "image/jpeg", jpeg);
            }
          });
      DownloadReport r = downloader().build().download(dataset(List.of(s.url("/reset"))), out());
      assertThat(r.downloaded()).isEqualTo(1);
      assertThat(s.hits("/reset")).isEqualTo(2);
    }
  }

  @Test
  void aRefusedConnectionFallsBackToTheNextMirror() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TestServer s = new TestServer()) {
      s.serve("/ok", Pictures.jpeg(30, 30));
      String dead = "http://127.0.0.1:" + closedPort + "/x.jpg";
      DownloadReport r = downloader().build().download(dataset(List.of(dead, s.url("/ok"))), out());
      assertThat(r.downloaded()).isEqualTo(1);
      assertThat(r.picturesPerMirror()).containsExactly(0L, 1L);

      DownloadReport lost =
          downloader().build().download(dataset(List.of(dead)), tmp.resolve("o2"));
      assertThat(lost.failures().get(0).kind()).isEqualTo(FailureKind.CONNECTION);
      assertThat(lost.failures().get(0).reason()).contains("connection refused");
    }
  }

  @Test
  void redirectsAreFollowedUpToTheLimit() throws Exception {
    try (TestServer s = new TestServer()) {
      s.serve("/pic", Pictures.jpeg(40, 40));
      for (int i = 0; i < 6; i++) {
        String next = i == 5 ? "/pic" : "/r" + (i + 1);
        s.route("/r" + i, (ex, hit) -> TestServer.redirect(ex, next));
      }
      // /r3 -> /r4 -> /r5 -> /pic: three redirects, relative Locations.
      DownloadReport ok =
          downloader().maxRedirects(3).build().download(dataset(List.of(s.url("/r3"))), out());
      assertThat(ok.downloaded()).isEqualTo(1);

      // /r0 -> ... -> /pic: six redirects.
      DownloadReport tooMany =
          downloader()
              .maxRedirects(3)
              .build()
              .download(dataset(List.of(s.url("/r0"))), tmp.resolve("o2"));
      assertThat(tooMany.failures().get(0).kind()).isEqualTo(FailureKind.TOO_MANY_REDIRECTS);
      assertThat(s.hits("/r4")).isEqualTo(1); // stopped after 3 redirects: r0 r1 r2 r3 fetched
      assertThat(s.hits("/r5")).isEqualTo(1); // (that one came from the first download)
    }
  }

  @Test
  void aRedirectLoopIsDetected() throws Exception {
    try (TestServer s = new TestServer()) {
      s.route("/a", (ex, hit) -> TestServer.redirect(ex, "/b"));
      s.route("/b", (ex, hit) -> TestServer.redirect(ex, "/a"));
      DownloadReport r =
          downloader().maxRedirects(20).build().download(dataset(List.of(s.url("/a"))), out());
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.REDIRECT_LOOP);
      assertThat(s.hits("/a")).isEqualTo(1);
      assertThat(s.hits("/b")).isEqualTo(1);
    }
  }

  @Test
  void aRedirectToAnotherSchemeIsRefused() throws Exception {
    try (TestServer s = new TestServer()) {
      s.serve("/pic", Pictures.jpeg(40, 40));
      s.route(
          "/to-https",
          (ex, hit) -> TestServer.redirect(ex, "https://127.0.0.1:" + s.port() + "/pic"));
      s.route("/to-file", (ex, hit) -> TestServer.redirect(ex, "file:///etc/passwd"));
      DownloadReport r =
          downloader()
              .build()
              .download(dataset(List.of(s.url("/to-https")), List.of(s.url("/to-file"))), out());
      assertThat(r.missing()).isEqualTo(2);
      assertThat(r.failures())
          .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.SCHEME_CHANGE));
      assertThat(r.failures().get(0).reason()).contains("http to https refused");
      assertThat(s.hits("/pic")).isZero();
      assertThat(files(out())).noneMatch(p -> p.toString().endsWith(".jpg"));
    }
  }

  @Test
  void onlyHttpAndHttpsUrlsAreFetched() throws Exception {
    DownloadReport r =
        downloader()
            .build()
            .download(
                dataset(
                    List.of("file:///etc/passwd"),
                    List.of("ftp://127.0.0.1/a.jpg"),
                    List.of("not a url at all"),
                    List.of()),
                out());
    assertThat(r.missing()).isEqualTo(4);
    assertThat(r.failures().subList(0, 3))
        .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.BAD_URL));
    assertThat(r.failures().get(0).reason()).contains("unsupported scheme 'file'");
    assertThat(r.failures().get(3).kind()).isEqualTo(FailureKind.NO_MIRRORS);
  }

  @Test
  void anOversizedBodyIsRefusedWithOrWithoutContentLength() throws Exception {
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 7);
    try (TestServer s = new TestServer()) {
      s.serve("/declared", big);
      s.route("/chunked", (ex, hit) -> TestServer.sendChunked(ex, big, 50, 0));
      DownloadReport r =
          downloader()
              .maxBytes(20_000)
              .build()
              .download(dataset(List.of(s.url("/declared")), List.of(s.url("/chunked"))), out());
      assertThat(r.missing()).isEqualTo(2);
      assertThat(r.failures())
          .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.TOO_LARGE));
      assertThat(r.failures().get(0).reason()).contains("Content-Length 200000");
      assertThat(r.failures().get(1).reason()).contains("cap of 20000 bytes");
      // Not retried: the same body would be just as large.
      assertThat(s.hits("/chunked")).isEqualTo(1);
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @Test
  void decompressionBombsAreRejectedFromTheHeader() throws Exception {
    try (TestServer s = new TestServer()) {
      s.serve("/bomb.png", Pictures.pngBomb(100_000, 100_000));
      s.serve("/bomb.jpg", Pictures.jpegBomb(60_000, 60_000));
      DownloadReport r =
          downloader()
              .build()
              .download(dataset(List.of(s.url("/bomb.png")), List.of(s.url("/bomb.jpg"))), out());
      assertThat(r.missing()).isEqualTo(2);
      assertThat(r.failures())
          .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.TOO_MANY_PIXELS));
      assertThat(r.failures().get(0).reason()).contains("100000x100000");
      assertThat(r.failures().get(1).reason()).contains("60000x60000");
    }
  }

  @Test
  void aCutOffPictureWithoutContentLengthIsRejected() throws Exception {
    byte[] jpeg = Pictures.jpeg(200, 200);
    try (TestServer s = new TestServer()) {
      s.route(
          "/half",
          (ex, hit) -> TestServer.sendChunked(ex, Arrays.copyOf(jpeg, jpeg.length / 2), 1, 0));
      DownloadReport r = downloader().build().download(dataset(List.of(s.url("/half"))), out());
      assertThat(r.failures().get(0).kind()).isEqualTo(FailureKind.NOT_A_PICTURE);
      assertThat(r.failures().get(0).reason()).contains("cut-off jpeg");
      assertThat(s.hits("/half")).isEqualTo(1);
    }
  }

  @Test
  void statusesWithoutAPictureAreNotRetried() throws Exception {
    try (TestServer s = new TestServer()) {
      s.route("/403", (ex, hit) -> TestServer.send(ex, 403, "text/plain", "no".getBytes()));
      s.route("/204", (ex, hit) -> TestServer.send(ex, 204, "text/plain", new byte[0]));
      DownloadReport r =
          downloader()
              .build()
              .download(dataset(List.of(s.url("/403")), List.of(s.url("/204"))), out());
      assertThat(r.failures())
          .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.HTTP_STATUS));
      assertThat(r.failures().get(0).reason()).isEqualTo("403 Forbidden");
      assertThat(s.total()).isEqualTo(2);
    }
  }

  @Test
  void aMixOfEveryFaultOnASyntheticDatasetLosesExactlyTheGoneImages() throws Exception {
    SyntheticDataset synth =
        SyntheticDataset.builder().images(80).seed(6).deadFraction(0.1).flakyFraction(0.5).build();
    Path data = tmp.resolve("data");
    synth.write(data);
    try (SyntheticServer server =
        SyntheticServer.builder(data).port(0).stall(Duration.ofSeconds(30)).start()) {
      ImatDataset train = server.rebase(synth.train());
      // The mix really has every kind of fault among the training images.
      assertThat(
              synth.faults().entrySet().stream()
                  .filter(e -> train.contains(e.getKey().split("/")[2]))
                  .map(e -> e.getValue().kind())
                  .distinct())
          .containsExactlyInAnyOrder(FaultKind.values());

      DownloadReport r =
          downloader()
              .concurrency(8)
              .readTimeout(Duration.ofMillis(500))
              .build()
              .download(train, out());

      List<String> gone = new ArrayList<>();
      for (ImageRecord img : train.images()) {
        if (synth.isGone(img.id())) {
          gone.add(img.id());
        } else {
          assertThat(out().resolve(img.fileName())).hasBinaryContent(synth.jpeg(img.id()));
        }
      }
      assertThat(gone).isNotEmpty();
      assertThat(r.failures().stream().map(DownloadFailure::imageId))
          .containsExactlyElementsOf(gone);
      assertThat(r.downloaded()).isEqualTo(train.size() - gone.size());
      assertThat(tempFiles(out())).isEmpty();
    }
  }

  @Test
  void aRerunFetchesNothingForPicturesAlreadyThere() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 10)) {
      SyntheticServer server = m.gone(4).start();
      ImatDataset ds = m.dataset(1);
      DownloadReport first = downloader().build().download(ds, out());
      assertThat(first.downloaded()).isEqualTo(9);
      assertThat(first.missing()).isEqualTo(1);
      long before = server.requests();

      DownloadReport second = downloader().build().download(ds, out());

      assertThat(second.downloaded()).isZero();
      assertThat(second.skipped()).isEqualTo(9);
      assertThat(second.missing()).isEqualTo(1);
      // Only the lost image was asked for again.
      assertThat(server.requests() - before).isEqualTo(1);
      assertThat(server.requests(FaultyMirrors.path(4, 0))).isEqualTo(2);
    }
  }

  @Test
  void leftoverTempFilesAreDeletedAndInvalidFilesReplaced() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 3)) {
      m.start();
      Files.createDirectories(out());
      Path leftover = out().resolve(AtomicFiles.TEMP_PREFIX + "123.part");
      Files.write(leftover, new byte[] {1, 2, 3});
      Files.writeString(out().resolve("1.jpg"), "<html>not a picture</html>");
      Files.writeString(out().resolve("notes.txt"), "mine");

      DownloadReport r = downloader().build().download(m.dataset(1), out());

      assertThat(leftover).doesNotExist();
      assertThat(out().resolve("notes.txt")).hasContent("mine");
      assertThat(r.replacedInvalid()).isEqualTo(1);
      assertThat(r.downloaded()).isEqualTo(3);
      assertThat(out().resolve("1.jpg")).hasBinaryContent(m.pictures.get("1"));
    }
  }

  @Test
  void aCutOffExistingFileIsCaughtByTheDecodeCheck() throws Exception {
    byte[] full = Pictures.jpeg(300, 300);
    try (TestServer s = new TestServer()) {
      s.serve("/p.jpg", full);
      ImatDataset ds = dataset(List.of(s.url("/p.jpg")));
      Files.createDirectories(out());
      Files.write(out().resolve("1.jpg"), Arrays.copyOf(full, full.length / 2));

      DownloadReport header = downloader().build().download(ds, out());
      assertThat(header.skipped()).as("the header alone looks fine").isEqualTo(1);

      DownloadReport decode =
          downloader().existingFileCheck(ExistingFileCheck.DECODE).build().download(ds, out());
      assertThat(decode.replacedInvalid()).isEqualTo(1);
      assertThat(decode.downloaded()).isEqualTo(1);
      assertThat(out().resolve("1.jpg")).hasBinaryContent(full);
    }
  }

  @Test
  void perHostConnectionsStayWithinTheLimit() throws Exception {
    try (TestServer s = new TestServer()) {
      byte[] jpeg = Pictures.jpeg(32, 32);
      List<List<String>> urls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String path = "/p" + i;
        s.route(
            path,
            (ex, hit) -> {
              Thread.sleep(40);
              TestServer.send(ex, 200, "image/jpeg", jpeg);
            });
        urls.add(List.of(s.url(path)));
      }
      DownloadReport r =
          downloader()
              .concurrency(8)
              .maxConnectionsPerHost(2)
              .build()
              .download(dataset(urls), out());
      assertThat(r.downloaded()).isEqualTo(12);
      assertThat(s.maxInFlight()).isBetween(1, 2);
    }
  }

  @Test
  void picturesAreResizedAndReencodedWhenAsked() throws Exception {
    byte[] small = Pictures.jpeg(50, 40);
    try (TestServer s = new TestServer()) {
      s.serve("/big.png", Pictures.png(300, 200));
      s.serve("/tall.jpg", Pictures.jpeg(100, 400));
      s.serve("/small.jpg", small);
      s.serve("/small.png", Pictures.png(60, 30));
      DownloadReport r =
          downloader()
              .resizeLongestSide(100)
              .build()
              .download(
                  dataset(
                      List.of(s.url("/big.png")),
                      List.of(s.url("/tall.jpg")),
                      List.of(s.url("/small.jpg")),
                      List.of(s.url("/small.png"))),
                  out());
      assertThat(r.downloaded()).isEqualTo(4);
      PictureValidator v = PictureValidator.defaults();
      assertThat(v.check(out().resolve("1.jpg"))).isEqualTo(PictureInfo.of("jpeg", 100, 67));
      assertThat(v.check(out().resolve("2.jpg"))).isEqualTo(PictureInfo.of("jpeg", 25, 100));
      assertThat(out().resolve("3.jpg")).hasBinaryContent(small);
      // A PNG becomes a JPEG even when small enough: the file is named .jpg.
      assertThat(v.check(out().resolve("4.jpg"))).isEqualTo(PictureInfo.of("jpeg", 60, 30));
      assertThat(r.bytes())
          .isEqualTo(
              files(out()).stream()
                  .filter(p -> p.toString().endsWith(".jpg"))
                  .mapToLong(p -> p.toFile().length())
                  .sum());
    }
  }

  @Test
  void downloadsIntoAnInMemoryFileSystem() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 4);
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      m.gone(2).start();
      Path dir = fs.getPath("/pictures/train");
      DownloadReport r = downloader().durable(true).build().download(m.dataset(1), dir);
      assertThat(r.downloaded()).isEqualTo(3);
      assertThat(r.missing()).isEqualTo(1);
      assertThat(Files.readAllBytes(dir.resolve("3.jpg"))).isEqualTo(m.pictures.get("3"));
      assertThat(PictureValidator.defaults().check(dir.resolve("1.jpg")).format())
          .isEqualTo("jpeg");
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("1.jpg", "3.jpg", "4.jpg", OutputDir.LOCK_FILE);
      }
    }
  }

  @Test
  void theReportAsJsonHasTheContractKeys() throws Exception {
    try (FaultyMirrors m = new FaultyMirrors(tmp.resolve("data"), 3)) {
      m.gone(2).start();
      DownloadReport r = downloader().build().download(m.dataset(2), out());
      Path file = tmp.resolve("report.json");
      r.writeJson(file);
      JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      assertThat(o.keySet())
          .contains("total", "downloaded", "skipped", "missing", "failures", "bytes", "seconds");
      assertThat(o.get("total").getAsInt()).isEqualTo(3);
      assertThat(o.get("missing").getAsInt()).isEqualTo(1);
      JsonArray failures = o.getAsJsonArray("failures");
      JsonObject f = failures.get(0).getAsJsonObject();
      assertThat(f.get("imageId").getAsString()).isEqualTo("2");
      assertThat(f.get("reason").getAsString())
          .contains("all 2 mirrors failed")
          .contains("404 Not Found");
      assertThat(f.getAsJsonArray("mirrors")).hasSize(2);
      assertThat(o.getAsJsonArray("attemptsPerMirror").get(1).getAsInt()).isEqualTo(1);
    }
  }

  @Test
  void traversalIdsNeverReachTheFileSystem() throws IOException {
    assertThatThrownBy(() -> ImageRecord.of("../escape", "http://127.0.0.1/x.jpg"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageRecord.of("a/b", "http://127.0.0.1/x.jpg"))
        .isInstanceOf(IllegalArgumentException.class);
    Path json = tmp.resolve("evil.json");
    Files.writeString(
        json, "{\"images\":[{\"imageId\":\"../../escape\",\"url\":[\"http://127.0.0.1/x.jpg\"]}]}");
    assertThatThrownBy(() -> ImatDataset.load(json))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("$.images[0]");
    assertThat(tmp.getParent().resolve("escape.jpg")).doesNotExist();
  }

  @Test
  void aDirectoryIsLockedWhileADownloadWritesToIt() throws IOException {
    try (OutputDir first = OutputDir.open(out())) {
      assertThat(first.staleTempFiles()).isZero();
      assertThatThrownBy(() -> OutputDir.open(out()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another download");
    }
    OutputDir.open(out()).close();
  }

  @Test
  void anInterruptedDownloadStopsAndLeavesOnlyCompletePictures() throws Exception {
    byte[] jpeg = Pictures.jpeg(120, 120);
    try (TestServer s = new TestServer()) {
      List<List<String>> urls = new ArrayList<>();
      for (int i = 1; i <= 40; i++) {
        String path = "/p" + i;
        s.route(path, (ex, hit) -> TestServer.sendChunked(ex, jpeg, 4, 50));
        urls.add(List.of(s.url(path)));
      }
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  downloader().concurrency(4).build().download(dataset(urls), out());
                } catch (Throwable e) {
                  thrown.set(e);
                }
              });
      t.start();
      while (!Files.isDirectory(out())
          || files(out()).stream().noneMatch(p -> p.toString().endsWith(".jpg"))) {
        Thread.sleep(10);
      }
      t.interrupt();
      t.join(20_000);
      assertThat(t.isAlive()).isFalse();
      assertThat(thrown.get())
          .isInstanceOfAny(InterruptedException.class, java.io.InterruptedIOException.class);
      assertThat(tempFiles(out())).isEmpty();
      List<Path> pictures =
          files(out()).stream().filter(p -> p.toString().endsWith(".jpg")).toList();
      assertThat(pictures.size()).isBetween(1, 39);
      for (Path p : pictures) {
        assertThat(p).hasBinaryContent(jpeg);
      }
    }
  }

  @Test
  void duplicateIdsAreRefusedBeforeAnyRequest() {
    List<ImageRecord> twice =
        List.of(
            ImageRecord.of("7", "http://127.0.0.1:1/a.jpg"),
            ImageRecord.of("7", "http://127.0.0.1:1/b.jpg"));
    assertThatThrownBy(() -> downloader().build().download(twice, out()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate image id '7'");
  }

  @Test
  void anInjectedClientMustNotFollowRedirects() {
    assertThatThrownBy(
            () ->
                ImageDownloader.builder()
                    .httpClient(
                        java.net.http.HttpClient.newBuilder()
                            .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                            .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NEVER");
  }

  @SafeVarargs
  private static ImatDataset dataset(List<String>... urlsPerImage) {
    return dataset(List.of(urlsPerImage));
  }

  /** Images "1", "2", … with these mirror URLs. */
  static ImatDataset dataset(List<List<String>> urlsPerImage) {
    ImatDataset.Builder b = ImatDataset.builder(Taxonomy.imaterialist2017());
    for (int i = 0; i < urlsPerImage.size(); i++) {
      b.addImage(ImageRecord.of(String.valueOf(i + 1), urlsPerImage.get(i)));
    }
    return b.build();
  }
}
