package io.imat.api.download;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.download.AttemptResult.Failed;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Gets one image's picture from its mirrors, one {@link #advance} at a time. Mirrors are tried in
 * the dataset's order, except that a mirror on a host that has no free slot or answers much more
 * slowly than another mirror's host goes after it (the pictures are the same; the time is not); a
 * transient failure does not hold the image up: the next mirror is tried at once, and the failed
 * one again when its backoff (or Retry-After) has passed. When every live mirror is waiting, {@link
 * #advance} returns the time to come back, and the caller parks the image instead of sleeping. A
 * permanent failure (404, 410, not a picture, …) retires a mirror at once; so do {@link
 * RetryPolicy#maxRetries()} failed retries. A body only gets its final name after it has been
 * validated.
 */
final class MirrorFetcher {
  private final HttpAttempt http;
  private final RetryPolicy retry;
  private final PictureValidator validator;
  private final PictureWriter writer;
  private final OutputDir out;
  private final Semaphore decodeSlots;
  private final UnaryOperator<Duration> delays;
  private final DoubleSupplier random;
  private final boolean durable;

  MirrorFetcher(
      HttpAttempt http,
      RetryPolicy retry,
      PictureValidator validator,
      PictureWriter writer,
      OutputDir out,
      Semaphore decodeSlots,
      UnaryOperator<Duration> delays,
      DoubleSupplier random,
      boolean durable) {
    this.http = http;
    this.retry = retry;
    this.validator = validator;
    this.writer = writer;
    this.out = out;
    this.decodeSlots = decodeSlots;
    this.delays = delays;
    this.random = random;
    this.durable = durable;
  }

  /** The final result for one image: stored (size, serving mirror) or failed. */
  record Result(long bytes, int mirror, int[] attempts, DownloadFailure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  /** One image in progress: where it goes and the state of each of its mirrors. */
  static final class Job {
    final int index;
    final ImageRecord image;
    final Path target;
    final List<Mirror> mirrors = new ArrayList<>();

    Job(int index, ImageRecord image, Path target) {
      this.index = index;
      this.image = image;
      this.target = target;
      for (String url : image.urls()) {
        Mirror m = new Mirror(url);
        try {
          m.uri = Urls.parse(url);
        } catch (IllegalArgumentException e) {
          m.retired = true;
          m.fail(FailureKind.BAD_URL, e.getMessage());
        }
        mirrors.add(m);
      }
    }
  }

  /** Per-mirror bookkeeping. */
  private static final class Mirror {
    final String url;
    URI uri;
    int attempts;
    long notBefore;
    boolean waiting;
    boolean retired;
    FailureKind kind;
    String reason;

    Mirror(String url) {
      this.url = url;
    }

    void fail(FailureKind kind, String reason) {
      this.kind = kind;
      this.reason = reason;
    }
  }

  /**
   * Tries the job's mirrors that are due, until the picture is stored, every mirror is retired, or
   * every live mirror must wait.
   *
   * @return the result, or null when the job must come back at {@link #dueNanos(Job)}
   * @throws IOException if the local file system fails (the whole run should stop)
   * @throws InterruptedException if interrupted
   */
  @Nullable Result advance(Job job) throws IOException, InterruptedException {
    while (true) {
      Mirror m = next(job);
      if (m == null) {
        return failed(job);
      }
      if (m.waiting && m.notBefore - System.nanoTime() > 0) {
        return null;
      }
      m.waiting = false;
      m.attempts++;
      Path temp = out.newTempFile();
      try {
        AttemptResult r = http.fetch(m.uri, temp);
        if (r instanceof AttemptResult.Fetched fetched) {
          Optional<Long> stored = validateAndStore(m, fetched, temp, job.target);
          if (stored.isPresent()) {
            return new Result(stored.get(), job.mirrors.indexOf(m), attempts(job), null);
          }
          m.retired = true;
          continue;
        }
        Failed f = (Failed) r;
        m.fail(f.kind(), f.reason());
        if (!f.kind().isTransient() || m.attempts > retry.maxRetries()) {
          m.retired = true;
          continue;
        }
        Optional<Duration> delay = retry.delay(m.attempts, f.retryAfter(), random.getAsDouble());
        if (delay.isEmpty()) {
          m.fail(
              f.kind(),
              f.reason()
                  + ", longer than the "
                  + retry.maxRetryAfter().toSeconds()
                  + " s the downloader waits");
          m.retired = true;
          continue;
        }
        m.waiting = true;
        m.notBefore = System.nanoTime() + delays.apply(delay.get()).toNanos();
      } finally {
        Files.deleteIfExists(temp); // a no-op once the picture was moved into place
      }
    }
  }

  // A mirror other than the first is taken when the first's host takes this much longer.
  private static final double SWITCH_FACTOR = 1.5;
  private static final double SWITCH_MARGIN_NANOS = 20e6;

  /** When the job's earliest waiting mirror is due ({@link System#nanoTime()} time). */
  long dueNanos(Job job) {
    Mirror m = next(job);
    return m == null ? System.nanoTime() : m.notBefore;
  }

  /**
   * The live mirror to try next: a ready one (the first in dataset order, unless another ready
   * mirror's host is clearly quicker or the first one's host has no free slot), else the waiting
   * one due first.
   */
  private Mirror next(Job job) {
    Mirror first = null;
    Mirror quickest = null;
    double quickestCost = Double.POSITIVE_INFINITY;
    Mirror waiting = null;
    for (Mirror m : job.mirrors) {
      if (m.retired) {
        continue;
      }
      if (m.waiting) {
        if (waiting == null || m.notBefore - waiting.notBefore < 0) {
          waiting = m;
        }
        continue;
      }
      if (first == null) {
        first = m;
      }
      double cost = http.hosts().cost(m.uri);
      if (cost < quickestCost) {
        quickest = m;
        quickestCost = cost;
      }
    }
    if (first == null) {
      return waiting;
    }
    if (quickest == null || quickest == first) {
      return first; // every ready mirror's host is full: wait for the first, as listed
    }
    // Dataset order unless the difference is worth it: the first mirror's host is full, or it
    // answers much more slowly than the other's.
    double firstCost = http.hosts().cost(first.uri);
    return firstCost > SWITCH_FACTOR * quickestCost + SWITCH_MARGIN_NANOS ? quickest : first;
  }

  /** Validates the body in {@code temp}; stores it and returns its size, or records why not. */
  private Optional<Long> validateAndStore(
      Mirror m, AttemptResult.Fetched fetched, Path temp, Path target)
      throws IOException, InterruptedException {
    // Decoding is CPU- and memory-heavy; bound it to the cores however many downloads are open.
    decodeSlots.acquire();
    try {
      int side = writer.maxSide() > 0 ? writer.maxSide() : PictureValidator.THUMBNAIL;
      PictureValidator.Decoded d = validator.decode(temp, side);
      if (writer.needsReencode(d.info())) {
        if (side == PictureValidator.THUMBNAIL) {
          d = validator.decode(temp, 0); // a PNG kept at its size needs every pixel
        }
        return Optional.of(writer.write(d.image(), target));
      }
    } catch (InvalidPictureException e) {
      String type = fetched.contentType().isEmpty() ? "" : " (" + fetched.contentType() + ")";
      m.fail(e.kind(), "200 OK but " + e.getMessage() + type);
      return Optional.empty();
    } finally {
      decodeSlots.release();
    }
    // The fsync waits for the disk, not the CPU: outside the decode slots, so that one slow flush
    // does not hold every other download's validation up.
    out.commit(temp, target, durable);
    return Optional.of(fetched.bytes());
  }

  private static int[] attempts(Job job) {
    int[] a = new int[job.mirrors.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = job.mirrors.get(i).attempts;
    }
    return a;
  }

  private static Result failed(Job job) {
    List<MirrorFailure> failures = new ArrayList<>();
    for (Mirror m : job.mirrors) {
      failures.add(MirrorFailure.of(m.url, m.attempts, m.kind, m.reason));
    }
    return new Result(0, -1, attempts(job), DownloadFailure.of(job.image.id(), failures));
  }
}
