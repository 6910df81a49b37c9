package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.PictureValidator;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.testing.synth.SyntheticDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code imat serve} and {@code imat download} end to end, on {@code imat synth} output. */
class DownloadCliTest {
  @TempDir static Path dir;
  static Path data;
  static Thread serve;
  static StringWriter serveOut = new StringWriter();
  static JsonObject served;

  @BeforeAll
  static void synthAndServe() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    data = dir.resolve("data");
    CliRun synth =
        CliRun.of(
            "synth",
            "--out",
            data.toString(),
            "--images",
            "80",
            "--port",
            String.valueOf(port),
            "--json");
    assertThat(synth.exitCode()).as(synth.err()).isZero();

    // serve runs until interrupted; the default port comes from synth.json.
    CommandLine cl = ImatCli.newCommandLine();
    cl.setOut(new PrintWriter(serveOut, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    serve =
        new Thread(() -> cl.execute("serve", "--data", data.toString(), "--stall", "30", "--json"));
    serve.setDaemon(true);
    serve.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!serveOut.toString().contains("}")) {
      assertThat(System.nanoTime()).as("serve did not start").isLessThan(deadline);
      Thread.sleep(20);
    }
    served = JsonParser.parseString(serveOut.toString().strip()).getAsJsonObject();
  }

  @AfterAll
  static void stopServe() throws InterruptedException {
    serve.interrupt();
    serve.join(10_000);
  }

  @Test
  void servePrintsItsAddressFromTheManifest() {
    assertThat(served.get("baseUrl").getAsString())
        .isEqualTo(served.get("manifestBaseUrl").getAsString());
    assertThat(served.get("pictures").getAsInt()).isBetween(60, 80);
    assertThat(served.get("faultyUrls").getAsInt()).isPositive();
  }

  @Test
  void downloadFetchesEveryPictureThatExistsAndReportsTheRest() throws Exception {
    Path trainFile = data.resolve(SyntheticDataset.TRAIN_FILE);
    Path out = dir.resolve("train");
    Path report = dir.resolve("report.json");
    CliRun r =
        CliRun.of(
            "download",
            "--data",
            trainFile.toString(),
            "--out",
            out.toString(),
            "--timeout",
            "0.5",
            "--report",
            report.toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.keySet()).contains("total", "downloaded", "skipped", "missing", "failures");
    ImatDataset train = ImatDataset.load(trainFile, Taxonomy.loadDirectory(data));
    assertThat(o.get("total").getAsInt()).isEqualTo(train.size());
    long present =
        train.images().stream()
            .filter(i -> Files.exists(data.resolve("images").resolve(i.fileName())))
            .count();
    assertThat(o.get("downloaded").getAsInt()).isEqualTo(present);
    assertThat(o.get("missing").getAsInt()).isEqualTo(train.size() - present);
    JsonArray failures = o.getAsJsonArray("failures");
    assertThat(failures).hasSize(o.get("missing").getAsInt());
    failures.forEach(
        f -> {
          assertThat(f.getAsJsonObject().get("imageId").getAsString()).isNotEmpty();
          assertThat(f.getAsJsonObject().get("reason").getAsString()).isNotEmpty();
        });
    assertThat(JsonParser.parseString(Files.readString(report)).getAsJsonObject().get("total"))
        .isEqualTo(o.get("total"));
    // Only complete, decodable pictures under final names; nothing else but the lock file.
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (!name.equals(".imat-download.lock")) {
          assertThat(name).endsWith(".jpg");
          PictureValidator.defaults().check(p);
        }
      }
    }

    CliRun again =
        CliRun.of(
            "download",
            "--data",
            trainFile.toString(),
            "--out",
            out.toString(),
            "--timeout",
            "0.5",
            "--json");
    JsonObject second = JsonParser.parseString(again.out()).getAsJsonObject();
    assertThat(second.get("downloaded").getAsInt()).isZero();
    assertThat(second.get("skipped").getAsInt()).isEqualTo(present);
  }

  @Test
  void humanOutputSummarisesAndListsMissingImages() {
    CliRun r =
        CliRun.of(
            "download",
            "--data",
            data.resolve(SyntheticDataset.TEST_FILE).toString(),
            "--out",
            dir.resolve("test").toString(),
            "--timeout",
            "0.5",
            "--max-side",
            "64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("downloaded").contains("missing");
  }

  @Test
  void badUsageAndMissingFilesAreReportedInOneLine() {
    assertThat(
            CliRun.of(
                    "download",
                    "--data",
                    data.resolve(SyntheticDataset.TRAIN_FILE).toString(),
                    "--out",
                    dir.resolve("x").toString(),
                    "--concurrency",
                    "0")
                .exitCode())
        .isEqualTo(2);
    assertThat(CliRun.of("download", "--out", dir.resolve("x").toString()).exitCode()).isEqualTo(2);
    CliRun missing =
        CliRun.of(
            "download",
            "--data",
            dir.resolve("nope.json").toString(),
            "--out",
            dir.resolve("x").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.json").doesNotContain("\tat ");
    CliRun noManifest = CliRun.of("serve", "--data", dir.resolve("nothing").toString());
    assertThat(noManifest.exitCode()).isEqualTo(1);
    assertThat(noManifest.err()).contains("synth.json");
  }

  @Test
  void benchDownloadComparesWithThePlainLoop() {
    CliRun r =
        CliRun.of(
            "bench",
            "download",
            "--images",
            "200",
            "--runs",
            "1",
            "--faults",
            "0",
            "--no-check",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonArray results = o.getAsJsonArray("results");
    assertThat(results).hasSize(3);
    results.forEach(
        e -> {
          JsonObject row = e.getAsJsonObject();
          assertThat(row.keySet()).contains("name", "images", "imagesPerSecond", "peakHeapMb");
          assertThat(row.get("images").getAsInt()).isEqualTo(200);
          assertThat(row.get("imagesPerSecond").getAsDouble()).isPositive();
        });
    assertThat(o.get("ratio").getAsDouble()).isPositive();
  }

  @Test
  void benchDownloadUnderWebConditionsKeepsEveryPicture() {
    CliRun r =
        CliRun.of(
            "bench",
            "download",
            "--web",
            "--latency",
            "5-20",
            "--hosts",
            "3",
            "--images",
            "120",
            "--runs",
            "1",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("web").getAsString()).contains("5-20 ms latency", "3 hosts (1 slow");
    JsonArray results = o.getAsJsonArray("results");
    assertThat(results).hasSize(3);
    long exist = o.get("existingPictures").getAsLong();
    for (int i = 0; i < 3; i++) {
      JsonObject row = results.get(i).getAsJsonObject();
      assertThat(row.get("wallSeconds").getAsDouble()).isPositive();
      assertThat(row.get("cpuMsPerImage").getAsDouble()).isPositive();
      if (i < 2) {
        // imat, with either per-host cap: every picture that exists, nothing else.
        assertThat(row.get("validFiles").getAsLong()).as(row.toString()).isEqualTo(exist);
        assertThat(row.get("files").getAsLong()).isEqualTo(exist);
      }
    }
    assertThat(o.get("ratioPolite").getAsDouble()).isPositive();
    assertThat(o.get("cpuRatio").getAsDouble()).isPositive();
  }
}
