package io.imat.api.download;

import io.imat.api.dataset.ImatDataset;
import java.nio.file.Path;

/**
 * Runs a download in a separate JVM so a test can kill it with {@code destroyForcibly()} (SIGKILL)
 * mid-run: {@code DownloadChild DATA.json OUT_DIR}.
 */
public final class DownloadChild {
  private DownloadChild() {}

  /** Downloads {@code args[0]}'s pictures into {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    ImatDataset data = ImatDataset.load(Path.of(args[0]));
    DownloadReport r =
        ImageDownloader.builder().concurrency(6).build().download(data, Path.of(args[1]));
    System.out.println(r.toJson());
  }
}
