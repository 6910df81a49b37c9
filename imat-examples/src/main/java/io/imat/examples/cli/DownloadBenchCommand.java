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
import io.imat.testing.synth.SyntheticServer;
import io.imat.testing.synth.WebConditions;
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
import org.jspecify.annotations.Nullable;
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
  private static final String PLAIN = "HttpURLConnection fixed pool";

  /** A client under test: the plain loop, or imat with a per-host cap and fsync setting. */
  private record Client(String name, boolean plain, int perHost, boolean durable) {}

  @Mixin CommonOptions common;

  @Mixin WebOptions webOptions;

  @Option(
      names = "--images",
      paramLabel = "N",
      description =
          "Images (default: 84,000, the competition's train + test; 4,000 with --web, where a"
              + " picture takes a few hundred ms).")
  @Nullable Integer imagesOption;

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
  private record Run(
      double seconds, int files, int missing, double peakMb, double afterGcMb, double cpuMs) {}

  /** CPU time of this process (the client's: the server runs in a process of its own), in ms. */
  private static double cpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e6;
  }

  /** The clients compared: imat first, the plain loop last. */
  private List<Client> clients() {
    // Equal concurrency: imat's per-host cap opened to the whole pool, as the plain loop has none.
    Client imat = new Client("imat ImageDownloader", false, concurrency, true);
    Client plain = new Client(PLAIN, true, 0, false);
    if (webOptions.web) {
      return List.of(
          imat, new Client("imat ImageDownloader, 8 per host (default)", false, 8, true), plain);
    }
    return List.of(
        imat, new Client("imat ImageDownloader, no fsync", false, concurrency, false), plain);
  }

  @Override
  public Integer call() throws Exception {
    images = imagesOption != null ? imagesOption : webOptions.web ? 4000 : 84000;
    if (images < 10 || runs < 1 || concurrency < 1 || timeout < 1 || faults < 0 || faults > 1) {
      throw CliException.usage(
          "need --images >= 10, --runs >= 1, --concurrency >= 1, --timeout >= 1, --faults in"
              + " [0, 1]");
    }
    WebConditions web = webOptions.web ? webOptions.conditions() : null;
    List<Client> clients = clients();
    PrintWriter out = common.human();
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("imat-bench-download") : work;
    try {
      Path data = synth(dir.resolve("data-" + images + "-" + imageSize + "-" + faults), out);
      List<ImageRecord> records = load(data);
      out.printf(
          "%,d images (%.1f %% with faulty mirrors), %d downloads in flight, timeouts %d s,"
              + " %d run(s) each, max heap %d MB%n%s",
          records.size(),
          faults * 100,
          concurrency,
          timeout,
          runs,
          Runtime.getRuntime().maxMemory() >> 20,
          web == null ? "" : "web conditions: " + web + "\n");
      out.flush();
      Map<Client, List<Run>> runsByClient = new LinkedHashMap<>();
      Map<Client, Path> outs = new LinkedHashMap<>();
      for (int c = 0; c < clients.size(); c++) {
        runsByClient.put(clients.get(c), new ArrayList<>());
        outs.put(clients.get(c), dir.resolve("out-" + c));
      }
      for (int r = 0; r < runs; r++) {
        // Rotate the order so that no client always gets the coldest or the warmest JVM.
        for (int k = 0; k < clients.size(); k++) {
          Client client = clients.get((k + r) % clients.size());
          Path target = outs.get(client);
          Run run =
              client.plain()
                  ? runPlain(data, records, target)
                  : runImat(data, records, target, client);
          runsByClient.get(client).add(run);
          common
              .err()
              .printf(
                  "run %d %-44s %8.1f images/s (%.1f s), %.3f ms CPU/image, %d files, peak heap"
                      + " %.0f MB (%.0f MB after GC)%n",
                  r + 1,
                  client.name(),
                  records.size() / run.seconds(),
                  run.seconds(),
                  run.cpuMs() / records.size(),
                  run.files(),
                  run.peakMb(),
                  run.afterGcMb());
          common.err().flush();
        }
      }
      List<JsonObject> rows = new ArrayList<>();
      for (Client client : clients) {
        int valid = noCheck ? -1 : validFiles(outs.get(client));
        rows.add(row(client.name(), records.size(), runsByClient.get(client), valid));
      }
      double plainRate = rows.get(2).get("imagesPerSecond").getAsDouble();
      double ratio = rows.get(0).get("imagesPerSecond").getAsDouble() / plainRate;
      double ratioNoFsync = rows.get(1).get("imagesPerSecond").getAsDouble() / plainRate;
      out.printf(
          "%-44s %10s %9s %11s %10s %8s %11s %10s %14s%n",
          "client",
          "images/s",
          "wall s",
          "CPU ms/img",
          "files",
          "missing",
          "valid files",
          "peak heap",
          "after-GC peak");
      for (JsonObject o : rows) {
        out.printf(
            "%-44s %10.1f %9.1f %11.3f %,10d %,8d %11s %7.0f MB %11.0f MB%n",
            o.get("name").getAsString(),
            o.get("imagesPerSecond").getAsDouble(),
            o.get("wallSeconds").getAsDouble(),
            o.get("cpuMsPerImage").getAsDouble(),
            o.get("files").getAsInt(),
            o.get("missing").getAsInt(),
            noCheck ? "-" : String.format("%,d", o.get("validFiles").getAsInt()),
            o.get("peakHeapMb").getAsDouble(),
            o.get("peakHeapAfterGcMb").getAsDouble());
      }
      long exist = existingPictures(data);
      double cpuRatio =
          rows.get(0).get("cpuMsPerImage").getAsDouble()
              / rows.get(2).get("cpuMsPerImage").getAsDouble();
      out.printf(
          "pictures that exist on some mirror: %,d%nimat / HttpURLConnection: %.2fx (%s: %.2fx),"
              + " median images/s; CPU per image: %.2fx the loop's%n",
          exist, ratio, clients.get(1).name(), ratioNoFsync, cpuRatio);
      out.flush();
      JsonObject json = new JsonObject();
      JsonArray results = new JsonArray();
      rows.forEach(results::add);
      json.add("results", results);
      json.addProperty("ratio", ratio);
      json.addProperty(webOptions.web ? "ratioPolite" : "ratioNoFsync", ratioNoFsync);
      json.addProperty("existingPictures", exist);
      json.addProperty("cpuRatio", cpuRatio);
      if (web != null) {
        json.addProperty("web", web.toString());
      }
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

  private Run runImat(Path data, List<ImageRecord> records, Path out, Client client)
      throws Exception {
    deleteTree(out);
    try (ServerProcess server = ServerProcess.start(data, 8, webOptions.serveArguments())) {
      List<ImageRecord> local = rebase(records, data, server.baseUrls());
      ImageDownloader d =
          ImageDownloader.builder()
              .concurrency(concurrency)
              .maxConnectionsPerHost(client.perHost())
              .connectTimeout(Duration.ofSeconds(timeout))
              .readTimeout(Duration.ofSeconds(timeout))
              .durable(client.durable())
              .build();
      HeapTracker heap = HeapTracker.start();
      double cpu0 = cpuMillis();
      long t0 = System.nanoTime();
      DownloadReport r;
      try {
        r = d.download(local, out);
      } finally {
        heap.close();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      return new Run(
          s,
          r.downloaded(),
          r.missing(),
          heap.peakUsedMb(),
          heap.peakAfterGcMb(),
          cpuMillis() - cpu0);
    }
  }

  private Run runPlain(Path data, List<ImageRecord> records, Path out) throws Exception {
    deleteTree(out);
    try (ServerProcess server = ServerProcess.start(data, 8, webOptions.serveArguments())) {
      List<ImageRecord> local = rebase(records, data, server.baseUrls());
      PlainDownloadLoop loop = new PlainDownloadLoop(concurrency, timeout * 1000);
      HeapTracker heap = HeapTracker.start();
      double cpu0 = cpuMillis();
      long t0 = System.nanoTime();
      int files;
      try {
        files = loop.download(local, out);
      } finally {
        heap.close();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      return new Run(
          s,
          files,
          records.size() - files,
          heap.peakUsedMb(),
          heap.peakAfterGcMb(),
          cpuMillis() - cpu0);
    }
  }

  /** The records with their URLs on the server's hosts, spread as the web conditions say. */
  private List<ImageRecord> rebase(List<ImageRecord> records, Path data, List<String> hosts)
      throws IOException {
    String from = SyntheticManifest.read(data).baseUrl();
    WebConditions web = webOptions.web ? webOptions.conditions() : null;
    List<ImageRecord> out = new ArrayList<>(records.size());
    for (ImageRecord r : records) {
      out.add(SyntheticServer.rebaseAcrossHosts(r, from, hosts, web));
    }
    return out;
  }

  /** Pictures the server has (the rest are gone on every mirror). */
  private static long existingPictures(Path data) throws IOException {
    try (Stream<Path> s = Files.list(data.resolve(SyntheticDataset.IMAGES_DIR))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).count();
    }
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
    o.addProperty("wallSeconds", n / median);
    o.addProperty(
        "cpuMsPerImage",
        Medians.of(runs.stream().mapToDouble(r -> r.cpuMs() / n).sorted().toArray()));
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
