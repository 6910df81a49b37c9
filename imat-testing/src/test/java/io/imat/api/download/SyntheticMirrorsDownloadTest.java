package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import io.imat.api.progress.Progress;
import io.imat.testing.synth.Fault;
import io.imat.testing.synth.FaultKind;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticServer;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ImageDownloader} against the dead and flaky mirrors of the real {@link SyntheticServer}:
 * every {@link FaultKind}, retries, resume, reports. The downloader's other tests (hand-made HTTP
 * responses) are {@code ImageDownloaderTest} in imat-api; these live here because imat-api cannot
 * depend on imat-testing. They keep the package {@code io.imat.api.download} (in this test tree
 * only, never in a jar) for the package-private hooks that record retry waits instead of spending
 * them.
 */
class SyntheticMirrorsDownloadTest {
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

  private static List<String> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(AtomicFiles.TEMP_PREFIX))
          .toList();
    }
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
}
