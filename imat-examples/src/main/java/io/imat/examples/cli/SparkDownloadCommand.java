package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ExistingFileCheck;
import io.imat.api.download.ImageDownloader;
import io.imat.api.download.RetryPolicy;
import io.imat.spark.DownloaderRecipe;
import io.imat.spark.SparkDownloader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat spark download}: {@code imat download} spread over a Spark cluster, politely. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download the pictures of an iMaterialist data file as OUT/<imageId>.jpg with Spark tasks:"
          + " mirror by mirror, the URLs partitioned by host, every host in one task, so that no"
          + " host sees more than --per-host requests at a time from the whole cluster. Each task"
          + " validates like 'imat download' and puts pictures in place in one step through the"
          + " Hadoop FileSystem API (OUT may be hdfs://, s3a://, or a shared path). Rerun to"
          + " resume. Needs spark.speculation=false (the default)."
    })
final class SparkDownloadCommand implements Callable<Integer> {
  private static final int SHOWN_FAILURES = 10;

  @Mixin CommonOptions common;

  @Mixin SparkOptions spark;

  @Option(names = "--data", required = true, paramLabel = "FILE.json", description = "Data file.")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Picture directory.")
  String out;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      paramLabel = "N",
      description = "Downloads in flight per task (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--per-host",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "Requests in flight to one host at most, cluster-wide (default: ${DEFAULT-VALUE}).")
  int perHost;

  @Option(
      names = "--retries",
      defaultValue = "3",
      paramLabel = "N",
      description = "Retries per mirror URL after a transient failure (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "Read timeout (default: ${DEFAULT-VALUE}).")
  double timeout;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Longest wait for a connection (default: ${DEFAULT-VALUE}).")
  double connectTimeout;

  @Option(
      names = "--max-side",
      defaultValue = "0",
      paramLabel = "PX",
      description = "Scale pictures down to this longest side (default: 0, keep).")
  int maxSide;

  @Option(
      names = "--max-mb",
      defaultValue = "20",
      paramLabel = "MB",
      description = "Largest body accepted, in MiB (default: ${DEFAULT-VALUE}).")
  int maxMb;

  @Option(names = "--user-agent", paramLabel = "UA", description = "User-Agent header.")
  String userAgent;

  @Option(
      names = "--report",
      paramLabel = "R.json",
      description = "Also write the full report (a local file).")
  Path report;

  @Override
  public Integer call() throws Exception {
    Recipe recipe =
        new Recipe(
            concurrency,
            perHost,
            retries,
            millis(timeout, "--timeout"),
            millis(connectTimeout, "--connect-timeout"),
            maxSide,
            maxMb,
            userAgent);
    try {
      ImageDownloader.Builder check = ImageDownloader.builder();
      recipe.configure(check);
      check.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    DownloadReport r;
    String master;
    try (JavaSparkContext sc = SparkCli.start(spark, "imat spark download")) {
      master = sc.master();
      r =
          SparkDownloader.builder()
              .downloader(recipe)
              .partitions(spark.partitions)
              .build()
              .download(sc, SparkCli.location(data), SparkCli.location(out));
    } catch (IllegalStateException e) {
      throw CliException.failure(e.getMessage()); // speculation on
    }
    if (report != null) {
      r.writeJson(report);
    }
    PrintWriter h = common.human();
    h.printf(
        "%s: downloaded %d, skipped %d (already there), missing %d of %d images on %s;"
            + " %.1f MB in %.1f s%n",
        out,
        r.downloaded(),
        r.skipped(),
        r.missing(),
        r.total(),
        master,
        r.bytes() / 1e6,
        r.seconds());
    int shown = Math.min(SHOWN_FAILURES, r.failures().size());
    for (DownloadFailure f : r.failures().subList(0, shown)) {
      h.printf("  %s: %s%n", f.imageId(), f.reason());
    }
    h.flush();
    JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
    json.addProperty("out", out);
    json.addProperty("master", master);
    common.printJson(json);
    return 0;
  }

  private static long millis(double s, String option) {
    if (!(s > 0) || s > 86_400) {
      throw CliException.usage(option + " must be between 0 and 86400 seconds, got " + s);
    }
    return Math.max(1, Math.round(s * 1000));
  }

  /** The downloader options, as plain values that travel to the executors. */
  record Recipe(
      int concurrency,
      int perHost,
      int retries,
      long readTimeoutMillis,
      long connectTimeoutMillis,
      int maxSide,
      int maxMb,
      String userAgent)
      implements DownloaderRecipe {
    private static final long serialVersionUID = 1L;

    @Override
    public void configure(ImageDownloader.Builder b) {
      b.concurrency(concurrency)
          .maxConnectionsPerHost(perHost)
          .retryPolicy(RetryPolicy.builder().maxRetries(retries).build())
          .readTimeout(Duration.ofMillis(readTimeoutMillis))
          .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
          .resizeLongestSide(maxSide)
          .maxBytes((long) maxMb << 20)
          .existingFileCheck(ExistingFileCheck.HEADER);
      if (userAgent != null) {
        b.userAgent(userAgent);
      }
    }
  }
}
