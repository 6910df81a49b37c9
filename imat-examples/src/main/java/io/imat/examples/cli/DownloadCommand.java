package io.imat.examples.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ExistingFileCheck;
import io.imat.api.download.ImageDownloader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat download}: fetches a dataset's pictures into a directory, robustly and resumably. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Download the pictures of an iMaterialist data file as OUT/<imageId>.jpg: every mirror URL is"
          + " tried, transient failures (timeouts, resets, 5xx, 429) are retried with backoff,"
          + " and only complete, decodable pictures ever get a final name. Rerun it to resume:"
          + " pictures already there are skipped without a request.",
      "Images whose every mirror is dead are reported (--report, --json), not fatal: exit code 0."
    })
final class DownloadCommand implements Callable<Integer> {
  private static final int SHOWN_FAILURES = 10;

  @Mixin CommonOptions common;

  @Mixin DownloaderOptions downloader;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE.json",
      description = "Data file (train, validation or test format).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Picture directory.")
  Path out;

  @Option(
      names = "--verify-existing",
      description =
          "Fully decode pictures already in DIR before skipping them (default: check the header).")
  boolean verifyExisting;

  @Option(
      names = "--no-fsync",
      description =
          "Do not flush each picture to disk before its rename: faster, and a killed process"
              + " still leaves no partial file; after a power cut, rerun with --verify-existing.")
  boolean noFsync;

  @Option(
      names = "--report",
      paramLabel = "R.json",
      description = "Also write the full report (every failure with each mirror's reason).")
  Path report;

  @Override
  public Integer call() throws Exception {
    ImageDownloader.Builder b;
    try {
      b = ImageDownloader.builder();
      downloader.configure(b);
      b.durable(!noFsync)
          .existingFileCheck(verifyExisting ? ExistingFileCheck.DECODE : ExistingFileCheck.HEADER)
          .progress(new ConsoleProgress(common.err()));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    ImatDataset dataset = Inputs.load(data, Inputs.taxonomyFor(data, null), true);
    DownloadReport r = b.build().download(dataset, out);
    if (report != null) {
      r.writeJson(report);
    }
    print(r);
    JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
    json.addProperty("out", out.toString());
    if (report != null) {
      json.addProperty("report", report.toString());
    }
    common.printJson(json);
    return 0;
  }

  private void print(DownloadReport r) {
    PrintWriter h = common.human();
    h.printf(
        "%s: downloaded %d, skipped %d (already there), missing %d of %d images;"
            + " %.1f MB in %.1f s (%.1f images/s)%n",
        out,
        r.downloaded(),
        r.skipped(),
        r.missing(),
        r.total(),
        r.bytes() / 1e6,
        r.seconds(),
        r.imagesPerSecond());
    if (r.replacedInvalid() > 0) {
      h.printf("replaced %d invalid files found under final names%n", r.replacedInvalid());
    }
    int shown = Math.min(SHOWN_FAILURES, r.failures().size());
    if (shown > 0) {
      h.printf("missing%s:%n", shown < r.missing() ? " (first " + shown + ")" : "");
      for (DownloadFailure f : r.failures().subList(0, shown)) {
        h.printf("  %s: %s%n", f.imageId(), f.reason());
      }
    }
    if (report != null) {
      h.printf("report: %s%n", report);
    }
    h.flush();
  }
}
