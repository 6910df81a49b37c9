package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download JVM killed with SIGKILL mid-run leaves no partial file under a final name, and the
 * next run completes the set without fetching what is already there.
 */
class KillAndResumeTest {
  private static final int IMAGES = 150;

  @TempDir Path tmp;

  @Test
  void aKilledRunLeavesOnlyCompletePicturesAndTheRerunCompletesTheSet() throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    List<byte[]> pictures = new ArrayList<>();
    try (TestServer server = new TestServer()) {
      List<List<String>> urls = new ArrayList<>();
      for (int i = 1; i <= IMAGES; i++) {
        byte[] jpeg = Pictures.encode(Pictures.image(160 + i % 7, 120, i), "jpeg");
        pictures.add(jpeg);
        String path = "/p/" + i + ".jpg";
        // Bodies trickle in while the child runs, so the kill catches files mid-write.
        server.route(
            path,
            (ex, hit) -> {
              if (slow.get()) {
                TestServer.sendChunked(ex, jpeg, 4, 40);
              } else {
                TestServer.send(ex, 200, "image/jpeg", jpeg);
              }
            });
        urls.add(List.of(server.url(path)));
      }
      ImatDataset data = ImageDownloaderTest.dataset(urls);
      Path json = tmp.resolve("data.json");
      data.write(json);
      Path out = tmp.resolve("out");

      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  DownloadChild.class.getName(),
                  json.toString(),
                  out.toString())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("child.log").toFile())
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (pictures(out).size() < 15) {
        assertThat(child.isAlive()).as("child ended early: %s", log()).isTrue();
        assertThat(System.nanoTime()).as("child too slow: %s", log()).isLessThan(deadline);
        Thread.sleep(20);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      List<Path> survivors = pictures(out);
      assertThat(survivors.size()).isBetween(15, IMAGES - 1);
      for (Path p : survivors) {
        // Complete and byte-identical, never a prefix.
        int id = Integer.parseInt(p.getFileName().toString().replace(".jpg", ""));
        assertThat(p).hasBinaryContent(pictures.get(id - 1));
      }
      int leftovers = temps(out).size();
      System.out.printf(
          "killed with %d pictures done and %d temporary files in flight%n",
          survivors.size(), leftovers);

      slow.set(false);
      int before = server.total();
      DownloadReport r =
          ImageDownloader.builder().concurrency(8).durable(false).build().download(data, out);

      assertThat(r.missing()).isZero();
      assertThat(r.skipped()).isEqualTo(survivors.size());
      assertThat(r.downloaded()).isEqualTo(IMAGES - survivors.size());
      assertThat(server.total() - before).as("nothing fetched twice").isEqualTo(r.downloaded());
      assertThat(temps(out)).isEmpty();
      for (int i = 1; i <= IMAGES; i++) {
        assertThat(out.resolve(i + ".jpg")).hasBinaryContent(pictures.get(i - 1));
      }
    }
  }

  private String log() throws java.io.IOException {
    Path log = tmp.resolve("child.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static List<Path> pictures(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).toList();
    }
  }

  private static List<Path> temps(Path dir) throws java.io.IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)).toList();
    }
  }
}
