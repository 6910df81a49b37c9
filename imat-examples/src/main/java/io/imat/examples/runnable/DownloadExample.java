package io.imat.examples.runnable;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ImageDownloader;
import io.imat.api.download.MirrorFailure;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads a dataset whose URLs keep dying: a small synthetic dataset (with dead and flaky
 * mirrors) is served on 127.0.0.1 by {@link SyntheticServer}, fetched by {@link ImageDownloader},
 * and the {@link DownloadReport} says what arrived and why each lost picture was lost. A second run
 * fetches nothing: every valid picture is skipped.
 *
 * <p>Run: {@code ./imat example download [DIR]} (DIR: working directory, default a new temporary
 * one). Writes {@code DIR/data/} (the dataset), {@code DIR/train/<imageId>.jpg} and {@code
 * DIR/download-report.json}.
 */
public final class DownloadExample {
  private DownloadExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-download-");
    // The JDK HTTP server waits ~40 ms per response for a delayed ACK unless told not to.
    SyntheticServer.preferNoDelay();

    // 200 images, 10 % of them with every mirror dead, 20 % with a misbehaving first mirror.
    Path data = work.resolve("data");
    SyntheticDataset.builder()
        .images(200)
        .seed(1)
        .deadFraction(0.1)
        .flakyFraction(0.2)
        .build()
        .write(data);
    ImatDataset train =
        ImatDataset.load(data.resolve(SyntheticDataset.TRAIN_FILE), Taxonomy.loadDirectory(data));

    // Port 0: a free port; rebase() points the dataset's URLs at it. Stalled URLs hang for 5 s,
    // longer than the downloader's 1 s read timeout.
    try (SyntheticServer server =
        SyntheticServer.builder(data).port(0).stall(Duration.ofSeconds(5)).start()) {
      ImatDataset served = server.rebase(train);
      System.out.println("serving " + served.size() + " training images at " + server.baseUrl());
      ImageDownloader downloader =
          ImageDownloader.builder().concurrency(16).readTimeout(Duration.ofSeconds(1)).build();

      DownloadReport report = downloader.download(served, work.resolve("train"));
      System.out.printf(
          "downloaded %d, skipped %d, missing %d of %d images in %.1f s%n",
          report.downloaded(),
          report.skipped(),
          report.missing(),
          report.total(),
          report.seconds());
      System.out.println("pictures per mirror: " + report.picturesPerMirror());
      for (DownloadFailure f : report.failures().subList(0, Math.min(3, report.missing()))) {
        System.out.println("  lost " + f.imageId() + " (" + f.kind() + "):");
        for (MirrorFailure m : f.mirrors()) {
          System.out.println("    " + m.url() + " -> " + m.reason());
        }
      }
      report.writeJson(work.resolve("download-report.json")); // every failure, every mirror

      DownloadReport again = downloader.download(served, work.resolve("train"));
      System.out.printf(
          "second run: downloaded %d, skipped %d (already there), missing %d%n",
          again.downloaded(), again.skipped(), again.missing());
      System.out.println(server.requests() + " requests served; output in " + work);
    }
  }
}
