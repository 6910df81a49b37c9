package io.imat.api.download;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the pictures of a dataset into a directory as {@code <imageId>.jpg}, built to win "the
 * battle for disappearing data": every mirror of an image is tried, transient failures are retried
 * with backoff, every body is validated before it gets its final name, and reruns resume where a
 * killed run stopped.
 *
 * <pre>{@code
 * ImageDownloader downloader = ImageDownloader.builder()
 *     .concurrency(32)
 *     .retryPolicy(RetryPolicy.builder().maxRetries(3).build())
 *     .progress(listener)
 *     .build();
 * DownloadReport report = downloader.download(ImatDataset.load(trainJson), Path.of("train"));
 * report.writeJson(Path.of("train-report.json"));
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A file under a final name is always a complete picture that decoded without error and
 *       within the size limits: bodies are streamed to a temporary file in the same directory,
 *       checked (HTTP 200, the announced Content-Length, a full decode, dimensions from the header
 *       before decoding, a byte cap) and then renamed in one atomic step. A JVM killed with {@code
 *       kill -9} leaves at most temporary files, which the next run deletes.
 *   <li>Reruns are idempotent: an image whose picture is present and valid is skipped without any
 *       request.
 *   <li>Memory does not grow with the dataset's pictures: bodies go to disk chunk by chunk, and at
 *       most one decoded picture per core is in memory.
 *   <li>Only http and https are fetched; redirects are followed up to a limit, never to another
 *       scheme, and loops are detected.
 * </ul>
 *
 * <p>A downloader is immutable and thread-safe, and can run several downloads (into different
 * directories; a directory is locked while a download writes to it).
 */
public final class ImageDownloader {
  private static final Logger log = LoggerFactory.getLogger(ImageDownloader.class);

  private final int concurrency;
  private final int maxConnectionsPerHost;
  private final Duration readTimeout;
  private final String userAgent;
  private final RetryPolicy retryPolicy;
  private final int maxRedirects;
  private final long maxBytes;
  private final PictureValidator validator;
  private final ExistingFileCheck existingFileCheck;
  private final PictureWriter writer;
  private final boolean durable;
  private final ProgressListener progress;
  private final HttpClient client;
  private final UnaryOperator<Duration> delays;
  private final DoubleSupplier random;

  private ImageDownloader(Builder b) {
    this.concurrency = b.concurrency;
    this.maxConnectionsPerHost = b.maxConnectionsPerHost;
    this.readTimeout = b.readTimeout;
    this.userAgent = b.userAgent;
    this.retryPolicy = b.retryPolicy;
    this.maxRedirects = b.maxRedirects;
    this.maxBytes = b.maxBytes;
    this.validator = b.validator;
    this.existingFileCheck = b.existingFileCheck;
    this.writer = new PictureWriter(b.maxSide, b.jpegQuality);
    this.durable = b.durable;
    this.progress = b.progress;
    this.delays = b.delays;
    this.random = b.random;
    this.client = b.client != null ? b.client : HttpAttempt.newClient(b.connectTimeout);
  }

  /** A builder with defaults sized for downloading over the internet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Downloads the pictures of every image of {@code dataset} into {@code dir}. */
  public DownloadReport download(ImatDataset dataset, Path dir)
      throws IOException, InterruptedException {
    return download(dataset.images(), dir);
  }

  /**
   * Downloads the pictures of {@code images} into {@code dir} (created if needed) as {@code
   * <imageId>.jpg}. Lost images are reported, not thrown: they are expected.
   *
   * @return what was downloaded, skipped and lost
   * @throws IllegalArgumentException if two records share an id (they would share a file)
   * @throws IOException if the directory cannot be used (not writable, disk full, locked by another
   *     download): a local problem that would hit every image, so the run stops
   * @throws InterruptedException if the calling thread is interrupted; in-flight requests are
   *     cancelled and no partial file is left under a final name
   */
  public DownloadReport download(Collection<ImageRecord> images, Path dir)
      throws IOException, InterruptedException {
    List<ImageRecord> list = ImmutableList.copyOf(images);
    Set<String> ids = new HashSet<>();
    for (ImageRecord r : list) {
      checkArgument(ids.add(r.id()), "duplicate image id '%s'", r.id());
    }
    long start = System.nanoTime();
    MirrorFetcher.Result[] results = new MirrorFetcher.Result[list.size()];
    boolean[] skipped = new boolean[list.size()];
    AtomicInteger replaced = new AtomicInteger();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, daemon("imat-download-timer"));
    // Every request arms an idle watch that is almost always cancelled: drop those at once rather
    // than keeping a read timeout's worth of them queued.
    timer.setRemoveOnCancelPolicy(true);
    int threads = Math.max(1, Math.min(concurrency, list.size()));
    ExecutorService workers = Executors.newFixedThreadPool(threads, daemon("imat-download"));
    try (OutputDir out = OutputDir.open(dir);
        Progress p = progress.start("download", list.size())) {
      HttpAttempt http =
          new HttpAttempt(
              client,
              new HostLimiter(maxConnectionsPerHost),
              timer,
              readTimeout,
              userAgent,
              maxRedirects,
              maxBytes,
              HttpAttempt.ACCEPT_PICTURES);
      Semaphore decodeSlots =
          new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
      MirrorFetcher fetcher =
          new MirrorFetcher(
              http, retryPolicy, validator, writer, out, decodeSlots, delays, random, durable);
      Work work = new Work(list, out, fetcher, results, skipped, replaced, p);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(workers.submit(work::run));
      }
      await(futures, workers, work);
      if (work.fatal.get() != null) {
        IOException e = work.fatal.get();
        throw new IOException(dir + ": download stopped: " + e.getMessage(), e);
      }
    } finally {
      workers.shutdownNow();
      timer.shutdownNow();
    }
    return report(list, results, skipped, replaced.get(), (System.nanoTime() - start) / 1e9);
  }

  /**
   * The work shared by the download threads: new images in dataset order, and images parked until a
   * mirror's retry is due, which go first. A thread leaves when no new image is left and nothing is
   * parked; the thread that parks an image always comes back for it, so none is forgotten.
   */
  private final class Work {
    final List<ImageRecord> list;
    final OutputDir out;
    final MirrorFetcher fetcher;
    final MirrorFetcher.Result[] results;
    final boolean[] skipped;
    final AtomicInteger replaced;
    final Progress progress;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger missing = new AtomicInteger();
    final AtomicReference<IOException> fatal = new AtomicReference<>();
    final RetryQueue<MirrorFetcher.Job> parked = new RetryQueue<>();

    Work(
        List<ImageRecord> list,
        OutputDir out,
        MirrorFetcher fetcher,
        MirrorFetcher.Result[] results,
        boolean[] skipped,
        AtomicInteger replaced,
        Progress progress) {
      this.list = list;
      this.out = out;
      this.fetcher = fetcher;
      this.results = results;
      this.skipped = skipped;
      this.replaced = replaced;
      this.progress = progress;
    }

    Void run() throws InterruptedException {
      try {
        MirrorFetcher.Job job;
        while (fatal.get() == null && (job = nextJob()) != null) {
          MirrorFetcher.Result r = fetcher.advance(job);
          if (r == null) {
            parked.park(job, fetcher.dueNanos(job));
            continue;
          }
          results[job.index] = r;
          if (!r.ok()) {
            progress.message(missing.incrementAndGet() + " missing");
            log.debug("{}: {}", job.image.id(), r.failure().reason());
          }
          progress.step();
        }
      } catch (IOException e) {
        fatal.compareAndSet(null, e);
        parked.close();
      }
      return null;
    }

    /** A due parked image, else a new one (skipping valid existing files), else a wait. */
    private MirrorFetcher.Job nextJob() throws IOException, InterruptedException {
      MirrorFetcher.Job due = parked.pollDue();
      if (due != null) {
        return due;
      }
      int i;
      while ((i = next.getAndIncrement()) < list.size()) {
        ImageRecord image = list.get(i);
        Path target = out.finalPath(image);
        if (isValidExisting(target, replaced)) {
          skipped[i] = true;
          progress.step();
          continue;
        }
        return new MirrorFetcher.Job(i, image, target);
      }
      return parked.awaitDue();
    }
  }

  private boolean isValidExisting(Path target, AtomicInteger replaced) throws IOException {
    if (!Files.exists(target)) {
      return false;
    }
    try {
      if (existingFileCheck == ExistingFileCheck.DECODE) {
        validator.check(target);
      } else {
        validator.checkHeader(target);
      }
      return true;
    } catch (InvalidPictureException e) {
      // Not ours (we only ever rename valid pictures into place): a partial copy or corruption.
      log.warn("{}: replacing an invalid existing file: {}", target, e.getMessage());
      Files.deleteIfExists(target);
      replaced.incrementAndGet();
      return false;
    }
  }

  private static void await(List<Future<?>> futures, ExecutorService workers, Work work)
      throws IOException, InterruptedException {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      work.parked.close();
      workers.shutdownNow();
      // Let the workers cancel their requests and delete their temporary files.
      workers.awaitTermination(10, TimeUnit.SECONDS);
      throw e;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof InterruptedException) {
        throw new InterruptedIOException("download interrupted");
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  private static DownloadReport report(
      List<ImageRecord> list,
      MirrorFetcher.Result[] results,
      boolean[] skipped,
      int replaced,
      double seconds) {
    int downloaded = 0;
    int skip = 0;
    long bytes = 0;
    List<DownloadFailure> failures = new ArrayList<>();
    int maxMirrors = 0;
    for (ImageRecord r : list) {
      maxMirrors = Math.max(maxMirrors, r.urls().size());
    }
    long[] attempts = new long[maxMirrors];
    long[] pictures = new long[maxMirrors];
    for (int i = 0; i < list.size(); i++) {
      if (skipped[i]) {
        skip++;
        continue;
      }
      MirrorFetcher.Result r = results[i];
      for (int k = 0; k < r.attempts().length; k++) {
        attempts[k] += r.attempts()[k];
      }
      if (r.ok()) {
        downloaded++;
        bytes += r.bytes();
        pictures[r.mirror()]++;
      } else {
        failures.add(r.failure());
      }
    }
    return DownloadReport.builder()
        .total(list.size())
        .downloaded(downloaded)
        .skipped(skip)
        .missing(failures.size())
        .bytes(bytes)
        .seconds(seconds)
        .replacedInvalid(replaced)
        .failures(failures)
        .attemptsPerMirror(boxed(attempts))
        .picturesPerMirror(boxed(pictures))
        .build();
  }

  private static List<Long> boxed(long[] values) {
    List<Long> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures an {@link ImageDownloader}. Every setting has a default. */
  public static final class Builder {
    private int concurrency = 32;
    private int maxConnectionsPerHost = 8;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private String userAgent = "imat-downloader/0.1 (Java HttpClient)";
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxRedirects = 5;
    private long maxBytes = 20L << 20;
    private PictureValidator validator = PictureValidator.defaults();
    private ExistingFileCheck existingFileCheck = ExistingFileCheck.HEADER;
    private int maxSide;
    private float jpegQuality = 0.9f;
    private boolean durable = true;
    private ProgressListener progress = ProgressListener.none();
    private HttpClient client;
    private UnaryOperator<Duration> delays = UnaryOperator.identity();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /**
     * Images downloaded at the same time (default 32): downloads wait on the network, not the CPU,
     * so many more than the cores pay off.
     */
    public Builder concurrency(int value) {
      checkArgument(value >= 1, "concurrency must be at least 1, got %s", value);
      this.concurrency = value;
      return this;
    }

    /**
     * Requests in flight to one host (scheme, host, port) at most (default 8), to stay polite to
     * each image server and spread the slots over hosts.
     */
    public Builder maxConnectionsPerHost(int value) {
      checkArgument(value >= 1, "connections per host must be at least 1, got %s", value);
      this.maxConnectionsPerHost = value;
      return this;
    }

    /** The longest wait for a TCP (and TLS) connection (default 10 s). */
    public Builder connectTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "connect timeout must be positive, got %s", value);
      this.connectTimeout = value;
      return this;
    }

    /**
     * The longest wait for the response headers and, after them, for each next chunk of the body
     * (default 30 s). A slow body that keeps coming is never cut off; a stalled one is.
     */
    public Builder readTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "read timeout must be positive, got %s", value);
      this.readTimeout = value;
      return this;
    }

    /** The User-Agent header (default names imat). */
    public Builder userAgent(String value) {
      checkArgument(!value.isBlank(), "empty user agent");
      this.userAgent = value;
      return this;
    }

    /** When to retry transient failures (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy value) {
      this.retryPolicy = checkNotNull(value);
      return this;
    }

    /** Redirects followed per attempt at most (default 5). */
    public Builder maxRedirects(int value) {
      checkArgument(value >= 0, "negative max redirects %s", value);
      this.maxRedirects = value;
      return this;
    }

    /**
     * The largest body accepted, in bytes (default 20 MiB). Reading stops at the cap; a
     * Content-Length over it is refused before any body byte is read.
     */
    public Builder maxBytes(long value) {
      checkArgument(value >= 1, "max bytes must be positive, got %s", value);
      this.maxBytes = value;
      return this;
    }

    /** Dimension limits of accepted pictures (default {@link PictureValidator#defaults()}). */
    public Builder validator(PictureValidator value) {
      this.validator = checkNotNull(value);
      return this;
    }

    /** How pictures already in the directory are checked before being skipped (default HEADER). */
    public Builder existingFileCheck(ExistingFileCheck value) {
      this.existingFileCheck = checkNotNull(value);
      return this;
    }

    /**
     * Scales pictures whose longer side exceeds {@code pixels} down to it, re-encoded as JPEG
     * (default 0: keep the served size): a way to shrink the ~5 GB iMaterialist train set on the
     * way in while staying above the usual training resolutions (224 to 299 px).
     */
    public Builder resizeLongestSide(int pixels) {
      checkArgument(pixels >= 0, "negative size %s", pixels);
      this.maxSide = pixels;
      return this;
    }

    /** JPEG quality of re-encoded pictures, in (0, 1] (default 0.9). */
    public Builder jpegQuality(float value) {
      checkArgument(value > 0 && value <= 1, "JPEG quality %s outside (0, 1]", value);
      this.jpegQuality = value;
      return this;
    }

    /**
     * Whether each picture is flushed to disk (fsync) before its rename (default true). A killed
     * JVM cannot leave partial files either way; the flush also covers a power cut or OS crash.
     */
    public Builder durable(boolean value) {
      this.durable = value;
      return this;
    }

    /** Receives progress: one step per image (default none). */
    public Builder progress(ProgressListener value) {
      this.progress = checkNotNull(value);
      return this;
    }

    /**
     * Uses this HTTP client (for a proxy, an SSL context, an executor) instead of building one; it
     * must not follow redirects itself, and its connect timeout applies instead of {@link
     * #connectTimeout}.
     *
     * @throws IllegalArgumentException if the client follows redirects
     */
    public Builder httpClient(HttpClient value) {
      checkArgument(
          value.followRedirects() == HttpClient.Redirect.NEVER,
          "the client must use HttpClient.Redirect.NEVER: the downloader checks every redirect");
      this.client = value;
      return this;
    }

    // For tests: see (and shorten) every retry wait, and fix the jitter.
    Builder delays(UnaryOperator<Duration> value) {
      this.delays = checkNotNull(value);
      return this;
    }

    Builder random(DoubleSupplier value) {
      this.random = checkNotNull(value);
      return this;
    }

    /** Builds the downloader. */
    public ImageDownloader build() {
      return new ImageDownloader(this);
    }
  }
}
