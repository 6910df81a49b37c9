package io.imat.api.download;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.imat.api.download.AttemptResult.Failed;
import io.imat.api.download.AttemptResult.Fetched;
import io.imat.api.io.AtomicFiles;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one large file (model weights, say) to its final path with the picture downloader's
 * safeguards — http and https only, redirects followed up to a limit and never to another scheme, a
 * byte cap, connect and read timeouts, transient failures retried with {@link RetryPolicy} backoff
 * — and three more:
 *
 * <ul>
 *   <li>The body goes to {@code <target>.part} next to the target, is checked by the caller's
 *       {@link Check} (a hash, say) and only then renamed to the target in one atomic step: no
 *       partial or unchecked file ever has the final name.
 *   <li>Resumable: a download cut off (connection lost, process killed or interrupted) leaves the
 *       {@code .part} file; the next attempt, in the same call or a later one, asks only for the
 *       rest ({@code Range: bytes=N-}) and appends it. A server that ignores the range (200 instead
 *       of 206) sends the whole file again, which replaces the part. A resumed file that fails the
 *       check (the part was bad, or the file changed on the server) is fetched once more from
 *       scratch.
 *   <li>One download per target at a time: a lock file {@code .<name>.lock} next to the target
 *       stops a second process from writing the same part.
 * </ul>
 *
 * <pre>{@code
 * FileDownload.Result r = FileDownload.defaults().download(
 *     "https://example.org/w.h5", Path.of("cache/w.h5"), file -> checkHash(file), listener);
 * }</pre>
 *
 * <p>Progress is reported in bytes. Immutable and thread-safe.
 */
public final class FileDownload {
  private static final Logger log = LoggerFactory.getLogger(FileDownload.class);
  private static final String ACCEPT = "*/*";

  private final Duration readTimeout;
  private final String userAgent;
  private final RetryPolicy retryPolicy;
  private final int maxRedirects;
  private final long maxBytes;
  private final HttpClient client;

  private FileDownload(Builder b) {
    this.readTimeout = b.readTimeout;
    this.userAgent = b.userAgent;
    this.retryPolicy = b.retryPolicy;
    this.maxRedirects = b.maxRedirects;
    this.maxBytes = b.maxBytes;
    this.client = HttpAttempt.newClient(b.connectTimeout);
  }

  /** A download with the defaults (see {@link Builder}). */
  public static FileDownload defaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The partial file a download of {@code target} writes to: {@code <target>.part}. */
  public static Path partFile(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  /**
   * Checks a complete download before it gets its final name.
   *
   * <p>Throws to reject the file; the message should say why (the expected and the actual hash).
   */
  @FunctionalInterface
  public interface Check {
    /** Accepts {@code file} by returning, rejects it by throwing. */
    void check(Path file) throws IOException;
  }

  /**
   * What a download did.
   *
   * @param path the final file
   * @param bytes its size
   * @param requests HTTP requests made (a redirect chain counts as one)
   * @param resumedFrom the size of the part the last request completed (0: a whole body)
   */
  public record Result(Path path, long bytes, int requests, long resumedFrom) {}

  /**
   * Downloads {@code url} to {@code target} (directories created as needed), resuming {@code
   * target}'s {@code .part} file if there is one.
   *
   * @param check accepts the complete file before the rename
   * @param progress told the bytes, as {@code "fetch <file name>"}
   * @return what was downloaded
   * @throws FileDownloadException if the URL is not http/https, or the server does not deliver (the
   *     part file stays for a later resume when the cause was transient)
   * @throws IOException from {@code check} (the part file is deleted), or if the target's directory
   *     cannot be written or another download holds the target's lock
   * @throws InterruptedException if interrupted; the part file stays for a later resume
   */
  public Result download(String url, Path target, Check check, ProgressListener progress)
      throws IOException, InterruptedException {
    checkNotNull(check, "check");
    checkNotNull(progress, "progress");
    URI uri;
    try {
      uri = Urls.parse(url);
    } catch (IllegalArgumentException e) {
      throw new FileDownloadException(url, FailureKind.BAD_URL, url + ": " + e.getMessage());
    }
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path lockFile = absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, FileDownload::daemon);
    timer.setRemoveOnCancelPolicy(true);
    try (FileChannel lockChannel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lock(lockChannel, absolute)) {
      HttpAttempt http =
          new HttpAttempt(
              client,
              new HostLimiter(1),
              timer,
              readTimeout,
              userAgent,
              maxRedirects,
              maxBytes,
              ACCEPT);
      try (Bytes bytes = new Bytes(progress, "fetch " + absolute.getFileName())) {
        return loop(url, uri, absolute, check, http, bytes);
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private Result loop(String url, URI uri, Path target, Check check, HttpAttempt http, Bytes bytes)
      throws IOException, InterruptedException {
    Path part = partFile(target);
    int requests = 0;
    int retries = 0;
    boolean restarted = false;
    while (true) {
      long offset = Files.exists(part) ? Files.size(part) : 0;
      if (offset >= maxBytes) {
        Files.delete(part); // cannot be completed under the cap: start over
        offset = 0;
      }
      requests++;
      AttemptResult r = http.fetch(uri, part, offset, bytes);
      if (r instanceof Fetched f) {
        try {
          check.check(part);
        } catch (IOException e) {
          Files.deleteIfExists(part);
          if (f.start() > 0 && !restarted) {
            log.debug(
                "{}: resumed file failed its check ({}); downloading it again",
                url,
                e.getMessage());
            restarted = true;
            continue;
          }
          throw e;
        }
        fsync(part);
        AtomicFiles.move(part, target);
        return new Result(target, f.start() + f.bytes(), requests, f.start());
      }
      Failed failed = (Failed) r;
      if (offset > 0 && !failed.kind().isTransient() && !restarted) {
        // A resume the server refuses (416, a 206 for another range): try the whole file once.
        log.debug(
            "{}: resume from byte {} failed ({}); starting over", url, offset, failed.reason());
        Files.deleteIfExists(part);
        restarted = true;
        continue;
      }
      Optional<Duration> wait =
          failed.kind().isTransient() && retries < retryPolicy.maxRetries()
              ? retryPolicy.delay(
                  retries + 1, failed.retryAfter(), ThreadLocalRandom.current().nextDouble())
              : Optional.empty();
      if (wait.isEmpty()) {
        throw new FileDownloadException(
            url,
            failed.kind(),
            url
                + ": "
                + failed.reason()
                + (requests > 1 ? " (after " + requests + " requests)" : "")
                + (Files.exists(part) ? "; " + part.getFileName() + " kept for a resume" : ""));
      }
      retries++;
      log.debug("{}: {}; retry {} in {} ms", url, failed.reason(), retries, wait.get().toMillis());
      Thread.sleep(wait.get().toMillis());
    }
  }

  private static FileLock lock(FileChannel channel, Path target) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new IOException(target + ": another download of this file is running");
    }
    return lock;
  }

  // Flush to disk before the rename, so a crash cannot leave a renamed but empty file.
  private static void fsync(Path file) throws IOException {
    if (file.getFileSystem() == FileSystems.getDefault()) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "imat-file-download-timer");
    t.setDaemon(true);
    return t;
  }

  /**
   * Byte progress over all requests of one download: started when the first body arrives (its total
   * is then known), and started again when a body restarts below what was counted.
   */
  private static final class Bytes implements HttpAttempt.BodyListener, AutoCloseable {
    private final ProgressListener listener;
    private final String name;
    private Progress progress;
    private long counted;

    Bytes(ProgressListener listener, String name) {
      this.listener = listener;
      this.name = name;
    }

    @Override
    public synchronized void started(long offset, long length) {
      if (progress != null && offset < counted) {
        progress.message("starting over");
        progress.close();
        progress = null;
      }
      if (progress == null) {
        progress = listener.start(name, length < 0 ? -1 : offset + length);
        progress.step(offset);
        counted = offset;
      }
    }

    @Override
    public synchronized void written(long n) {
      counted += n;
      if (progress != null) {
        progress.step(n);
      }
    }

    @Override
    public synchronized void close() {
      if (progress != null) {
        progress.close();
      }
    }
  }

  /** Configures a {@link FileDownload}. Every setting has a default. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private String userAgent = "imat-downloader/0.1 (Java HttpClient)";
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxRedirects = 5;
    private long maxBytes = 2L << 30;

    private Builder() {}

    /** How long to wait for a connection (default 10 s). */
    public Builder connectTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "connect timeout must be positive: %s", value);
      this.connectTimeout = value;
      return this;
    }

    /** How long the headers, and every gap between body chunks, may take (default 30 s). */
    public Builder readTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "read timeout must be positive: %s", value);
      this.readTimeout = value;
      return this;
    }

    /** The User-Agent header. */
    public Builder userAgent(String value) {
      checkArgument(!value.isBlank(), "blank user agent");
      this.userAgent = value;
      return this;
    }

    /** When to retry a transient failure (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = checkNotNull(value, "retryPolicy");
      return this;
    }

    /** Redirects followed per request (default 5). */
    public Builder maxRedirects(int value) {
      checkArgument(value >= 0, "negative max redirects %s", value);
      this.maxRedirects = value;
      return this;
    }

    /** The largest file accepted, in bytes (default 2 GiB). */
    public Builder maxBytes(long value) {
      checkArgument(value > 0, "max bytes must be positive: %s", value);
      this.maxBytes = value;
      return this;
    }

    /** Builds the download. */
    public FileDownload build() {
      return new FileDownload(this);
    }
  }
}
