package io.imat.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ImageDownloader;
import io.imat.api.download.RetryPolicy;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed download on {@code local[2]} (one session for the class) against real HTTP servers on
 * 127.0.0.1, into a Hadoop file system other than {@code file:} ({@link OtherSchemeFileSystem}), so
 * that every picture goes through Hadoop's FileSystem API; each run is compared with the
 * single-machine {@link ImageDownloader} on the same URLs.
 */
class SparkDownloaderTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static SyntheticDataset synth;

  /** What every download task (and the single-machine reference) runs with. */
  static final DownloaderRecipe RECIPE =
      b ->
          b.concurrency(8)
              .maxConnectionsPerHost(2)
              .connectTimeout(Duration.ofSeconds(5))
              .readTimeout(Duration.ofMillis(500)) // the stalled mirrors
              .retryPolicy(
                  RetryPolicy.builder()
                      .maxRetries(2)
                      .initialBackoff(Duration.ofMillis(5))
                      .maxBackoff(Duration.ofMillis(20))
                      .maxRetryAfter(Duration.ofSeconds(1))
                      .build())
              .durable(false);

  @BeforeAll
  static void start() throws IOException {
    // A tenth of the images dead on every mirror, a third with a misbehaving first mirror.
    synth =
        SyntheticDataset.builder()
            .images(40)
            .imageSize(40)
            .seed(11)
            .deadFraction(0.1)
            .flakyFraction(0.3)
            .build();
    synth.write(dir.resolve("data"));
    SparkConf conf =
        ImatSpark.conf("local[2]", "SparkDownloaderTest")
            .set(
                "spark.hadoop.fs." + OtherSchemeFileSystem.SCHEME + ".impl",
                OtherSchemeFileSystem.class.getName());
    sc = ImatSpark.start(conf);
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @Test
  void faultyMirrorsGiveTheSamePicturesAndReportAsOneMachine() throws Exception {
    ImatDataset images = synth.train();
    DownloadReport reference;
    Path single = dir.resolve("single");
    // A fresh server per run: flaky mirrors fail the same number of times for both.
    try (SyntheticServer server = server()) {
      ImageDownloader.Builder b = ImageDownloader.builder();
      RECIPE.configure(b);
      reference = b.build().download(server.rebase(images), single);
    }
    Path out = dir.resolve("spark-pictures");
    DownloadReport r;
    try (SyntheticServer server = server()) {
      Path data = dir.resolve("faulty.json");
      server.rebase(images).write(data);
      r =
          SparkDownloader.builder()
              .downloader(RECIPE)
              .partitions(2)
              .build()
              .download(sc, data.toString(), OtherSchemeFileSystem.location(out));
    }

    assertThat(reference.missing()).as("the data has lost images").isPositive();
    assertThat(r.total()).isEqualTo(reference.total());
    assertThat(r.downloaded()).isEqualTo(reference.downloaded());
    assertThat(r.skipped()).isEqualTo(reference.skipped()).isZero();
    assertThat(r.missing()).isEqualTo(reference.missing());
    assertThat(r.bytes()).isEqualTo(reference.bytes());
    assertThat(kinds(r)).isEqualTo(kinds(reference));
    // The same pictures, byte for byte, and nothing else: no temporary file under any name.
    assertThat(names(out)).isEqualTo(pictures(single));
    for (String name : pictures(single)) {
      assertThat(out.resolve(name)).hasSameBinaryContentAs(single.resolve(name));
    }

    // A rerun skips every picture in place without asking any server for it.
    try (SyntheticServer server = server()) {
      Path data = dir.resolve("faulty-again.json");
      server.rebase(images).write(data);
      DownloadReport again =
          SparkDownloader.builder()
              .downloader(RECIPE)
              .build()
              .download(sc, data.toString(), OtherSchemeFileSystem.location(out));
      assertThat(again.skipped()).isEqualTo(r.downloaded());
      assertThat(again.downloaded()).isZero();
      assertThat(again.missing()).isEqualTo(r.missing());
    }
  }

  @Test
  void noHostSeesMoreConnectionsThanItsLimitFromTheWholeCluster() throws Exception {
    // Three hosts; every image has a first mirror on one and a second on the next.
    List<ImageRecord> records = synth.train().images();
    try (PictureHosts hosts = new PictureHosts(dir.resolve("data/images"), 3, 20)) {
      ImatDataset.Builder b = ImatDataset.builder(synth.taxonomy());
      for (int i = 0; i < records.size(); i++) {
        String id = records.get(i).id();
        b.addImage(
            ImageRecord.of(
                id,
                List.of(
                    hosts.baseUrl(i % 3) + "/" + id + ".jpg",
                    hosts.baseUrl((i + 1) % 3) + "/" + id + ".jpg")));
      }
      ImatDataset data = b.build();
      DownloaderRecipe onePerHost = d -> d.concurrency(8).maxConnectionsPerHost(1).durable(false);
      ImageDownloader.Builder one = ImageDownloader.builder();
      onePerHost.configure(one);
      DownloadReport reference = one.build().download(data, dir.resolve("hosts-single"));
      hosts.reset();

      Path file = dir.resolve("hosts.json");
      data.write(file);
      Path out = dir.resolve("hosts-spark");
      DownloadReport r =
          SparkDownloader.builder()
              .downloader(onePerHost)
              .partitions(2)
              .build()
              .download(sc, file.toString(), OtherSchemeFileSystem.location(out));

      // Each host's URLs went to one task at a time, whose downloader keeps one in flight.
      for (int h = 0; h < 3; h++) {
        assertThat(hosts.requests(h)).as("host %s used", h).isPositive();
        assertThat(hosts.maxInFlight(h)).as("host %s in flight at once", h).isEqualTo(1);
      }
      // Without transient faults every image costs what it costs on a single machine: one request
      // when its picture exists, one per mirror when it is gone everywhere. Which mirror served
      // it is not compared: a downloader asks another mirror when the first one's host is busy.
      assertThat(r.total()).isEqualTo(reference.total());
      assertThat(r.downloaded()).isEqualTo(reference.downloaded());
      assertThat(r.missing()).isEqualTo(reference.missing()).isPositive();
      assertThat(sum(r.attemptsPerMirror())).isEqualTo(sum(reference.attemptsPerMirror()));
      assertThat(sum(r.picturesPerMirror())).isEqualTo(r.downloaded());
      assertThat(r.bytes()).isEqualTo(reference.bytes());
      assertThat(names(out)).isEqualTo(pictures(dir.resolve("hosts-single")));
    }
  }

  private static long sum(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }

  private static SyntheticServer server() throws IOException {
    return SyntheticServer.builder(dir.resolve("data"))
        .port(0)
        .stall(Duration.ofSeconds(3))
        .start();
  }

  /** Lost image id to failure kind. */
  private static Map<String, String> kinds(DownloadReport r) {
    return r.failures().stream()
        .collect(
            Collectors.toMap(
                DownloadFailure::imageId, f -> f.kind().name(), (a, c) -> a, TreeMap::new));
  }

  /** The picture names in {@code dir} (not the single-machine downloader's lock file), sorted. */
  private static List<String> pictures(Path dir) throws IOException {
    return names(dir).stream().filter(n -> n.endsWith(".jpg")).toList();
  }

  /** The file names in {@code dir}, sorted. */
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
