package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ImageDownloader;
import io.imat.api.download.PictureValidator;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.examples.bench.Medians;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench download}: images per second of {@link ImageDownloader} against the synthetic
 * server on loopback, with a share of faulty mirrors, next to a plain fixed-thread-pool {@code
 * HttpURLConnection} loop in the same run; plus each client's peak heap, and how many of the files
 * each left behind are valid pictures.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the downloader against 'imat serve' on loopback (synthetic data with a share of"
          + " faulty mirrors), next to a plain fixed-thread-pool HttpURLConnection loop: images/s"
          + " (median of the runs), the ratio, and peak heap."
    })
final class DownloadBenchCommand implements Callable<Integer> {
  private static final String IMAT = "imat ImageDownloader";
  private static final String IMAT_NO_FSYNC = "imat ImageDownloader, no fsync";
  private static final String PLAIN = "HttpURLConnection fixed pool";
  private static final List<String> CLIENTS = List.of(IMAT, IMAT_NO_FSYNC, PLAIN);

  @Mixin CommonOptions common;

  @Option(
      names = "--images",
      defaultValue = "84000",
      paramLabel = "N",
      description = "Images (default: ${DEFAULT-VALUE}, the competition's train + test).")
  int images;

  @Option(
      names = "--runs",
      defaultValue = "3",
      paramLabel = "R",
      description =
          "Runs per client, alternating; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      paramLabel = "N",
      description = "Downloads in flight, for both clients (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--faults",
      defaultValue = "0.01",
      paramLabel = "F",
      description =
          "Share of images with faulty mirrors, half dead, half flaky (default: ${DEFAULT-VALUE}).")
  double faults;

  @Option(
      names = "--timeout",
      defaultValue = "2",
      paramLabel = "SECONDS",
      description = "Connect and read timeout of both clients (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(
      names = "--image-size",
      defaultValue = "128",
      paramLabel = "PX",
      description = "Nominal side of the synthetic pictures (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description =
          "Keep the synthetic data here and reuse it in later runs (default: a temporary"
              + " directory, deleted).")
  Path work;

  @Option(
      names = "--no-check",
      description = "Skip decoding every file afterwards to count the valid pictures.")
  boolean noCheck;

  /** One measured run. */
  private record Run(double seconds, int files, int missing, double peakMb, double afterGcMb) {}

  @Override
  public Integer call() throws Exception {
    if (images < 10 || runs < 1 || concurrency < 1 || timeout < 1 || faults < 0 || faults > 1) {
      throw CliException.usage(
          "need --images >= 10, --runs >= 1, --concurrency >= 1, --timeout >= 1, --faults in"
              + " [0, 1]");
    }
    PrintWriter out = common.human();
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("imat-bench-download") : work;
    try {
      Path data = synth(dir.resolve("data-" + images + "-" + imageSize + "-" + faults), out);
      List<ImageRecord> records = load(data);
      out.printf(
          "%,d images (%.1f %% with faulty mirrors), %d downloads in flight, timeouts %d s,"
              + " %d run(s) each, max heap %d MB%n",
          records.size(),
          faults * 100,
          concurrency,
          timeout,
          runs,
          Runtime.getRuntime().maxMemory() >> 20);
      out.flush();
      Map<String, List<Run>> runsByClient = new LinkedHashMap<>();
      Map<String, Path> outs = new LinkedHashMap<>();
      for (int c = 0; c < CLIENTS.size(); c++) {
        runsByClient.put(CLIENTS.get(c), new ArrayList<>());
        outs.put(CLIENTS.get(c), dir.resolve("out-" + c));
      }
      for (int r = 0; r < runs; r++) {
        // Rotate the order so that no client always gets the coldest or the warmest JVM.
        for (int k = 0; k < CLIENTS.size(); k++) {
          String client = CLIENTS.get((k + r) % CLIENTS.size());
          Path target = outs.get(client);
          Run run =
              client.equals(PLAIN)
                  ? runPlain(data, records, target)
                  : runImat(data, records, target, client.equals(IMAT));
          runsByClient.get(client).add(run);
          common
              .err()
              .printf(
                  "run %d %-32s %8.1f images/s, %d files, peak heap %.0f MB (%.0f MB after GC)%n",
                  r + 1,
                  client,
                  records.size() / run.seconds(),
                  run.files(),
                  run.peakMb(),
                  run.afterGcMb());
          common.err().flush();
        }
      }
      List<JsonObject> rows = new ArrayList<>();
      for (String client : CLIENTS) {
        int valid = noCheck ? -1 : validFiles(outs.get(client));
        rows.add(row(client, records.size(), runsByClient.get(client), valid));
      }
      double plainRate = rows.get(2).get("imagesPerSecond").getAsDouble();
      double ratio = rows.get(0).get("imagesPerSecond").getAsDouble() / plainRate;
      double ratioNoFsync = rows.get(1).get("imagesPerSecond").getAsDouble() / plainRate;
      out.printf(
          "%-32s %10s %10s %8s %11s %10s %14s%n",
          "client", "images/s", "files", "missing", "valid files", "peak heap", "after-GC peak");
      for (JsonObject o : rows) {
        out.printf(
            "%-32s %10.1f %,10d %,8d %11s %7.0f MB %11.0f MB%n",
            o.get("name").getAsString(),
            o.get("imagesPerSecond").getAsDouble(),
            o.get("files").getAsInt(),
            o.get("missing").getAsInt(),
            noCheck ? "-" : String.format("%,d", o.get("validFiles").getAsInt()),
            o.get("peakHeapMb").getAsDouble(),
            o.get("peakHeapAfterGcMb").getAsDouble());
      }
      out.printf(
          "imat / HttpURLConnection: %.2fx (%.2fx without fsync), median images/s%n",
          ratio, ratioNoFsync);
      out.flush();
      JsonObject json = new JsonObject();
      JsonArray results = new JsonArray();
      rows.forEach(results::add);
      json.add("results", results);
      json.addProperty("ratio", ratio);
      json.addProperty("ratioNoFsync", ratioNoFsync);
      json.addProperty("images", records.size());
      json.addProperty("faultShare", faults);
      json.addProperty("concurrency", concurrency);
      json.addProperty("timeoutSeconds", timeout);
      json.addProperty("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
      common.printJson(json);
      return 0;
    } finally {
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private Path synth(Path data, PrintWriter out) throws IOException {
    if (Files.exists(data.resolve(SyntheticManifest.FILE_NAME))) {
      return data;
    }
    out.printf("writing %,d synthetic pictures to %s (once)...%n", images, data);
    out.flush();
    SyntheticDataset.builder()
        .images(images)
        .seed(7)
        .imageSize(imageSize)
        .deadFraction(faults / 2)
        .flakyFraction(faults / 2)
        .build()
        .write(data, new ConsoleProgress(common.err()));
    return data;
  }

  /** Every image of the three splits, loaded back from the JSON files as a user would. */
  private static List<ImageRecord> load(Path data) throws IOException {
    Taxonomy taxonomy = Taxonomy.loadDirectory(data);
    List<ImageRecord> all = new ArrayList<>();
    for (String f :
        List.of(
            SyntheticDataset.TRAIN_FILE,
            SyntheticDataset.VALIDATION_FILE,
            SyntheticDataset.TEST_FILE)) {
      all.addAll(ImatDataset.load(data.resolve(f), taxonomy).images());
    }
    return all;
  }

  private Run runImat(Path data, List<ImageRecord> records, Path out, boolean durable)
      throws Exception {
    deleteTree(out);
    try (ServerProcess server = ServerProcess.start(data, 8)) {
      List<ImageRecord> local = rebase(records, data, server.baseUrl());
      ImageDownloader d =
          ImageDownloader.builder()
              .concurrency(concurrency)
              // One loopback host serves everything; the per-host cap is for the real web.
              .maxConnectionsPerHost(concurrency)
              .connectTimeout(Duration.ofSeconds(timeout))
              .readTimeout(Duration.ofSeconds(timeout))
              .durable(durable)
              .build();
      HeapTracker heap = HeapTracker.start();
      long t0 = System.nanoTime();
      DownloadReport r;
      try {
        r = d.download(local, out);
      } finally {
        heap.close();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      return new Run(s, r.downloaded(), r.missing(), heap.peakUsedMb(), heap.peakAfterGcMb());
    }
  }

  private Run runPlain(Path data, List<ImageRecord> records, Path out) throws Exception {
    deleteTree(out);
    try (ServerProcess server = ServerProcess.start(data, 8)) {
      List<ImageRecord> local = rebase(records, data, server.baseUrl());
      PlainDownloadLoop loop = new PlainDownloadLoop(concurrency, timeout * 1000);
      HeapTracker heap = HeapTracker.start();
      long t0 = System.nanoTime();
      int files;
      try {
        files = loop.download(local, out);
      } finally {
        heap.close();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      return new Run(s, files, records.size() - files, heap.peakUsedMb(), heap.peakAfterGcMb());
    }
  }

  private static List<ImageRecord> rebase(List<ImageRecord> records, Path data, String baseUrl)
      throws IOException {
    String from = SyntheticManifest.read(data).baseUrl();
    List<ImageRecord> out = new ArrayList<>(records.size());
    for (ImageRecord r : records) {
      List<String> urls = new ArrayList<>(r.urls().size());
      for (String u : r.urls()) {
        urls.add(u.startsWith(from) ? baseUrl + u.substring(from.length()) : u);
      }
      out.add(ImageRecord.of(r.id(), urls));
    }
    return out;
  }

  /** Files in {@code dir} that decode completely as pictures. */
  private static int validFiles(Path dir) throws IOException {
    PictureValidator v = PictureValidator.defaults();
    try (Stream<Path> s = Files.list(dir)) {
      return (int)
          s.filter(p -> p.getFileName().toString().endsWith(".jpg"))
              .parallel()
              .filter(
                  p -> {
                    try {
                      v.check(p);
                      return true;
                    } catch (Exception e) {
                      return false;
                    }
                  })
              .count();
    }
  }

  private JsonObject row(String name, int n, List<Run> runs, int valid) {
    double[] rates = runs.stream().mapToDouble(r -> n / r.seconds()).sorted().toArray();
    double median = Medians.of(rates);
    Run last = runs.get(runs.size() - 1);
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("images", n);
    o.addProperty("imagesPerSecond", median);
    o.addProperty("peakHeapMb", runs.stream().mapToDouble(Run::peakMb).max().orElse(0));
    o.addProperty("peakHeapAfterGcMb", runs.stream().mapToDouble(Run::afterGcMb).max().orElse(0));
    o.addProperty("files", last.files());
    o.addProperty("missing", last.missing());
    if (valid >= 0) {
      o.addProperty("validFiles", valid);
    }
    JsonArray all = new JsonArray();
    Arrays.stream(rates).forEach(all::add);
    o.add("runsImagesPerSecond", all);
    return o;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
