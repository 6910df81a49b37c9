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

/**
 * Gets one image's picture from its mirrors. Mirrors are tried in the dataset's order; a transient
 * failure does not block the image: the next mirror is tried at once and the failed one again when
 * its backoff (or Retry-After) has passed, so a flaky first mirror costs no waiting when the second
 * one works. A permanent failure (404, 410, not a picture, …) retires a mirror at once; a mirror is
 * also retired after {@link RetryPolicy#maxRetries()} retries. A body only becomes a file under its
 * final name after it has been validated.
 */
final class MirrorFetcher {
  private final HttpAttempt http;
  private final RetryPolicy retry;
  private final PictureValidator validator;
  private final PictureWriter writer;
  private final OutputDir out;
  private final Semaphore decodeSlots;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final boolean durable;

  MirrorFetcher(
      HttpAttempt http,
      RetryPolicy retry,
      PictureValidator validator,
      PictureWriter writer,
      OutputDir out,
      Semaphore decodeSlots,
      Sleeper sleeper,
      DoubleSupplier random,
      boolean durable) {
    this.http = http;
    this.retry = retry;
    this.validator = validator;
    this.writer = writer;
    this.out = out;
    this.decodeSlots = decodeSlots;
    this.sleeper = sleeper;
    this.random = random;
    this.durable = durable;
  }

  /** The result for one image: stored (with its size and the mirror that served it) or failed. */
  record Result(long bytes, int mirror, int[] attempts, DownloadFailure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  /** Per-mirror bookkeeping. */
  private static final class Mirror {
    final String url;
    URI uri;
    int attempts;
    long notBefore;
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
   * Fetches {@code image} into {@code target}.
   *
   * @throws IOException if the local file system fails (the whole run should stop)
   * @throws InterruptedException if interrupted
   */
  Result fetch(ImageRecord image, Path target) throws IOException, InterruptedException {
    List<Mirror> mirrors = new ArrayList<>();
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
    Path temp = null;
    try {
      while (true) {
        Mirror m = next(mirrors);
        if (m == null) {
          return failed(image, mirrors);
        }
        long wait = m.notBefore - System.nanoTime();
        if (m.attempts > 0 && wait > 0) {
          sleeper.sleep(Duration.ofNanos(wait));
        }
        if (temp == null) {
          temp = out.newTempFile();
        }
        m.attempts++;
        AttemptResult r = http.fetch(m.uri, temp);
        if (r instanceof AttemptResult.Fetched fetched) {
          Optional<Long> stored = validateAndStore(m, fetched, temp, target);
          if (stored.isPresent()) {
            return new Result(stored.get(), mirrors.indexOf(m), attempts(mirrors), null);
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
        m.notBefore = System.nanoTime() + delay.get().toNanos();
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** The live mirror due first; ties go to the earlier mirror. */
  private Mirror next(List<Mirror> mirrors) {
    Mirror best = null;
    for (Mirror m : mirrors) {
      if (!m.retired && (best == null || m.notBefore - best.notBefore < 0)) {
        best = m;
      }
    }
    return best;
  }

  /** Validates the body in {@code temp}; stores it and returns its size, or records why not. */
  private Optional<Long> validateAndStore(
      Mirror m, AttemptResult.Fetched fetched, Path temp, Path target)
      throws IOException, InterruptedException {
    // Decoding is CPU- and memory-heavy; bound it to the cores however many downloads are open.
    decodeSlots.acquire();
    try {
      PictureValidator.Decoded d = validator.decode(temp, writer.maxSide());
      if (writer.needsReencode(d.info())) {
        return Optional.of(writer.write(d.image(), target));
      }
      out.commit(temp, target, durable);
      return Optional.of(Files.size(target));
    } catch (InvalidPictureException e) {
      String type = fetched.contentType().isEmpty() ? "" : " (" + fetched.contentType() + ")";
      m.fail(e.kind(), "200 OK but " + e.getMessage() + type);
      return Optional.empty();
    } finally {
      decodeSlots.release();
    }
  }

  private static int[] attempts(List<Mirror> mirrors) {
    int[] a = new int[mirrors.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = mirrors.get(i).attempts;
    }
    return a;
  }

  private static Result failed(ImageRecord image, List<Mirror> mirrors) {
    List<MirrorFailure> failures = new ArrayList<>();
    for (Mirror m : mirrors) {
      failures.add(MirrorFailure.of(m.url, m.attempts, m.kind, m.reason));
    }
    return new Result(0, -1, attempts(mirrors), DownloadFailure.of(image.id(), failures));
  }
}
