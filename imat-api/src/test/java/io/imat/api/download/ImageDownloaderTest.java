package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageDownloader} against hand-made HTTP responses. Its tests against the dead and flaky
 * mirrors of the synthetic server are {@code SyntheticMirrorsDownloadTest} in imat-testing.
 */
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
