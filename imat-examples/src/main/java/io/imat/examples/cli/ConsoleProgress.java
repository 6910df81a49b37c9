package io.imat.examples.cli;

import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: an in-place bar on a terminal, and when stderr is a file or a pipe a line at
 * most every 10 s and one at the end, so CI logs stay readable.
 */
final class ConsoleProgress implements ProgressListener {
  private final PrintWriter err;
  private final boolean terminal;

  ConsoleProgress(PrintWriter err) {
    this(err, System.console() != null);
  }

  ConsoleProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public Progress start(String name, long total) {
    return terminal ? new Bar(name, total) : new Lines(err, name, total);
  }

  /** The in-place bar (tongfei progressbar). */
  private static final class Bar implements Progress {
    private final ProgressBar bar;

    Bar(String name, long total) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName(name)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build();
    }

    @Override
    public void step(long n) {
      bar.stepBy(n);
    }

    @Override
    public void message(String text) {
      bar.setExtraMessage(" " + text);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Occasional log lines. */
  private static final class Lines implements Progress {
    private final PrintWriter err;
    private final String name;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile String message = "";
    private long lastPrinted = -1;
    private long lastNanos = startNanos;

    Lines(PrintWriter err, String name, long total) {
      this.err = err;
      this.name = name;
      this.total = total;
    }

    @Override
    public void step(long n) {
      long d = done.addAndGet(n);
      synchronized (this) {
        long now = System.nanoTime();
        if (now - lastNanos > Duration.ofSeconds(10).toNanos()) {
          print(d, now);
        }
      }
    }

    @Override
    public void message(String text) {
      this.message = text;
    }

    @Override
    public synchronized void close() {
      if (lastPrinted != done.get()) {
        print(done.get(), System.nanoTime());
      }
    }

    private void print(long d, long now) {
      double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
      String of = total > 0 ? String.format("%d/%d (%d%%)", d, total, d * 100 / total) : d + "";
      err.printf(
          "%s: %s, %.1f/s%s%n", name, of, d / seconds, message.isEmpty() ? "" : ", " + message);
      err.flush();
      lastPrinted = d;
      lastNanos = now;
    }
  }
}
