package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ExistingFileCheck;
import io.imat.api.download.ImageDownloader;
import io.imat.spark.DownloaderRecipe;
import io.imat.spark.SparkDownloader;
import java.io.PrintWriter;
import java.nio.file.Path;
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

  @Mixin DownloaderOptions downloader;

  @Option(names = "--data", required = true, paramLabel = "FILE.json", description = "Data file.")
  String data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Picture directory.")
  String out;

  @Option(
      names = "--report",
      paramLabel = "R.json",
      description = "Also write the full report (a local file).")
  Path report;

  @Override
  public Integer call() throws Exception {
    // Serializable: it captures the options (plain values), not this command.
    DownloaderOptions options = downloader;
    DownloaderRecipe recipe =
        b -> {
          options.configure(b);
          b.existingFileCheck(ExistingFileCheck.HEADER);
        };
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
}
