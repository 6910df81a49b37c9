package io.imat.api.progress;

/**
 * Receives the progress of long loops (downloads, picture generation, epochs). Libraries report;
 * applications decide how to show it — the imat CLI draws console progress bars.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  static ProgressListener none() {
    return (name, total) -> Progress.NONE;
  }

  /**
   * Starts tracking a loop.
   *
   * @param name what is being done, e.g. {@code "download"}
   * @param total the number of steps, or -1 if unknown
   */
  Progress start(String name, long total);
}
