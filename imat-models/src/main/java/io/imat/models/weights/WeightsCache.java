package io.imat.models.weights;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.imat.api.download.FileDownload;
import io.imat.api.download.FileDownloadException;
import io.imat.api.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the official Keras weight files are looked for, checked and fetched to. The search path,
 * first match wins:
 *
 * <ol>
 *   <li>{@code $IMAT_WEIGHTS}, a directory, when set;
 *   <li>{@code $KERAS_HOME/models} when {@code KERAS_HOME} is set, and {@code ~/.keras/models} —
 *       where Keras itself caches {@code keras.applications} weights, so Keras users need nothing
 *       new;
 *   <li>imat's own cache, {@code $XDG_CACHE_HOME/imat/weights}, or {@code ~/.cache/imat/weights}
 *       when {@code XDG_CACHE_HOME} is not set;
 *   <li>the {@linkplain Builder#fetchDirectory fetch directory}, when it is none of these.
 * </ol>
 *
 * A file found is checked against the hashes Keras publishes for its name ({@link ImagenetFile}); a
 * wrong one is an error rather than a reason to look further, so that a corrupt copy never hides
 * behind a good one silently. Hashes checked once are remembered (by path, size, modification time
 * and inode, in {@code .verified-hashes.properties} in imat's cache) so that a 100 MB file is not
 * hashed again on every run; {@link Builder#rememberVerified(boolean)} turns that off.
 *
 * <p>{@link #fetch} downloads a file into the fetch directory — {@code $IMAT_WEIGHTS} when set,
 * else imat's cache — through {@link FileDownload}: a {@code .part} file, the hash check, an atomic
 * rename, resumed after an interruption.
 *
 * <pre>{@code
 * WeightsCache cache = WeightsCache.defaults();
 * ImagenetFile file = cache.files().require("xception");
 * Path h5 = cache.locate(file);            // or: cache.fetch(file, listener).path()
 * }</pre>
 *
 * <p>The environment and the home directory are settings, so tests (and embedders) need not touch
 * the process's. Immutable and thread-safe.
 */
public final class WeightsCache {
  /** The environment variable naming a weights directory searched first. */
  public static final String ENV_DIR = "IMAT_WEIGHTS";

  private static final Logger log = LoggerFactory.getLogger(WeightsCache.class);
  // The official files are 80-100 MB; a cap keeps a wrong URL from filling the disk.
  private static final long DEFAULT_MAX_BYTES = 1L << 30;

  private final Builder settings;
  private final ImagenetFiles files;
  // Directory -> how messages name it, e.g. "/data/w ($IMAT_WEIGHTS)"; in search order.
  private final ImmutableMap<Path, String> searchPath;
  private final Path imatDirectory;
  private final Path fetchDirectory;
  private final FileDownload download;
  private final VerifiedFiles verified;

  private WeightsCache(Builder b) {
    this.settings = b.copy();
    this.files = b.files;
    Map<String, String> env = b.environment;
    Path home = b.home;
    Map<Path, String> dirs = new LinkedHashMap<>();
    Optional<Path> imatWeights = dir(env, ENV_DIR);
    imatWeights.ifPresent(d -> dirs.put(d, d + " ($" + ENV_DIR + ")"));
    dir(env, "KERAS_HOME").ifPresent(d -> dirs.putIfAbsent(d.resolve("models"), null));
    dirs.putIfAbsent(home.resolve(".keras").resolve("models"), null);
    this.imatDirectory =
        dir(env, "XDG_CACHE_HOME")
            .orElse(home.resolve(".cache"))
            .resolve("imat")
            .resolve("weights");
    dirs.putIfAbsent(imatDirectory, null);
    this.fetchDirectory =
        b.fetchDirectory != null
            ? b.fetchDirectory.toAbsolutePath().normalize()
            : imatWeights.orElse(imatDirectory);
    dirs.putIfAbsent(fetchDirectory, null);
    dirs.replaceAll((d, label) -> label == null ? d.toString() : label);
    this.searchPath = ImmutableMap.copyOf(dirs);
    this.download = b.download;
    this.verified = b.rememberVerified ? VerifiedFiles.in(imatDirectory) : VerifiedFiles.none();
  }

  private static Optional<Path> dir(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(v.strip()).toAbsolutePath().normalize());
  }

  /** A cache for this process: its environment, {@code user.home}, the official files. */
  public static WeightsCache defaults() {
    return builder().build();
  }

  /** A builder with the process's environment and home directory and the official files. */
  public static Builder builder() {
    return new Builder();
  }

  /** This cache's settings, to change one. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** The files this cache knows. */
  public ImagenetFiles files() {
    return files;
  }

  /** The directories searched, in order. */
  public ImmutableList<Path> searchPath() {
    return searchPath.keySet().asList();
  }

  /** Where {@link #fetch} puts files. */
  public Path fetchDirectory() {
    return fetchDirectory;
  }

  /** imat's own cache directory ({@code $XDG_CACHE_HOME/imat/weights} or its default). */
  public Path imatDirectory() {
    return imatDirectory;
  }

  /**
   * Looks {@code file} up along the search path and checks the first copy found. Never throws for a
   * wrong hash: the result says so.
   *
   * @throws IOException if a file found cannot be read
   */
  public CachedFile check(ImagenetFile file) throws IOException {
    for (Path dir : searchPath.keySet()) {
      Path p = dir.resolve(file.fileName());
      if (Files.isRegularFile(p)) {
        return checkAt(file, p);
      }
    }
    return CachedFile.missing(file);
  }

  /**
   * The checked copy of {@code file}, if the search path has one.
   *
   * @throws WeightsHashException if the first copy found has a wrong hash
   * @throws IOException if it cannot be read
   */
  public Optional<Path> find(ImagenetFile file) throws IOException {
    CachedFile c = check(file);
    switch (c.state()) {
      case OK:
        return c.path();
      case WRONG_HASH:
        throw wrongHash(file, c.path().orElseThrow(), c.hash().orElseThrow());
      default:
        return Optional.empty();
    }
  }

  /**
   * The checked copy of {@code file}.
   *
   * @throws WeightsNotFoundException if no directory of the search path has it; the message names
   *     the file, the directories, the official URL, where to put it and {@code imat weights fetch}
   * @throws WeightsHashException if the first copy found has a wrong hash
   * @throws IOException if it cannot be read
   */
  public Path locate(ImagenetFile file) throws IOException {
    Optional<Path> p = find(file);
    if (p.isPresent()) {
      return p.get();
    }
    throw new WeightsNotFoundException(
        file, searchPath(), ImmutableList.copyOf(searchPath.values()), fetchDirectory);
  }

  /**
   * What {@link #fetch} did.
   *
   * @param path the checked file
   * @param hash its hash, hex
   * @param url the URL it came from; empty when it was already in the fetch directory
   * @param bytes its size
   */
  public record Fetched(Path path, String hash, Optional<String> url, long bytes) {
    /** Whether a download happened. */
    public boolean downloaded() {
      return url.isPresent();
    }
  }

  /**
   * Makes sure {@code file} is in the fetch directory, downloading it from its official URLs in
   * order (the next one when a URL fails) unless a good copy is already there.
   *
   * @see #fetch(ImagenetFile, List, ProgressListener)
   */
  public Fetched fetch(ImagenetFile file, ProgressListener progress)
      throws IOException, InterruptedException {
    return fetch(file, file.urls(), progress);
  }

  /**
   * Makes sure {@code file} is in the fetch directory, downloading it from {@code urls} (a mirror,
   * say) in order unless a good copy is already there. The download goes to a {@code .part} file
   * that is resumed after an interruption, is checked against the published hashes and only then
   * renamed to the official name; a wrong copy already in the directory is replaced.
   *
   * @param progress told the bytes downloaded
   * @throws WeightsHashException if the last URL tried served a file with a wrong hash
   * @throws FileDownloadException if the last URL tried failed (earlier failures are attached as
   *     suppressed exceptions)
   * @throws IOException if the directory cannot be written
   * @throws InterruptedException if interrupted; the {@code .part} file stays for a resume
   */
  public Fetched fetch(ImagenetFile file, List<String> urls, ProgressListener progress)
      throws IOException, InterruptedException {
    checkArgument(!urls.isEmpty(), "no URL to fetch %s from", file.fileName());
    Path target = fetchDirectory.resolve(file.fileName());
    if (Files.isRegularFile(target)) {
      CachedFile c = checkAt(file, target);
      if (c.isOk()) {
        return new Fetched(target, c.hash().orElseThrow(), Optional.empty(), Files.size(target));
      }
      log.debug("{}: wrong hash {}; downloading it again", target, c.hash().orElse("?"));
    }
    List<IOException> failures = new ArrayList<>();
    FileDownload d = download();
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      AtomicReference<String> hash = new AtomicReference<>();
      try {
        FileDownload.Result r =
            d.download(url, target, part -> hash.set(checkDownload(file, part, url)), progress);
        verified.remember(r.path(), hash.get());
        return new Fetched(r.path(), hash.get(), Optional.of(url), r.bytes());
      } catch (WeightsHashException | FileDownloadException e) {
        if (i + 1 < urls.size()) {
          log.debug("{}; trying {}", e.getMessage(), urls.get(i + 1));
        }
        failures.add(e);
      }
    }
    IOException last = failures.remove(failures.size() - 1);
    failures.forEach(last::addSuppressed);
    throw last;
  }

  /**
   * The checked copy of {@code file} on the search path, or else a fresh download into the fetch
   * directory.
   */
  public Path locateOrFetch(ImagenetFile file, ProgressListener progress)
      throws IOException, InterruptedException {
    Optional<Path> found = find(file);
    return found.isPresent() ? found.get() : fetch(file, progress).path();
  }

  private FileDownload download() {
    // Built per fetch when not given: an HttpClient starts a thread, which a cache that is only
    // looked up in (every training run, every CLI command) should not.
    return download != null ? download : FileDownload.builder().maxBytes(DEFAULT_MAX_BYTES).build();
  }

  private CachedFile checkAt(ImagenetFile file, Path p) throws IOException {
    Optional<String> remembered = verified.hashOf(p).filter(file::accepts);
    if (remembered.isPresent()) {
      return CachedFile.ok(file, p, remembered.get());
    }
    Map<String, String> hashes = Hashes.of(p, file.hashes());
    for (String h : hashes.values()) {
      if (file.accepts(h)) {
        verified.remember(p, h);
        return CachedFile.ok(file, p, h);
      }
    }
    return CachedFile.wrongHash(file, p, hashes.values().iterator().next());
  }

  private String checkDownload(ImagenetFile file, Path part, String url) throws IOException {
    Map<String, String> hashes = Hashes.of(part, file.hashes());
    for (String h : hashes.values()) {
      if (file.accepts(h)) {
        return h;
      }
    }
    Map.Entry<String, String> first = hashes.entrySet().iterator().next();
    throw new WeightsHashException(
        file, url, first.getKey(), first.getValue(), "the server sent another file");
  }

  private WeightsHashException wrongHash(ImagenetFile file, Path p, String hash) {
    return new WeightsHashException(
        file,
        p.toString(),
        Hashes.algorithm(hash),
        hash,
        "a partial or corrupt copy? delete it and run `imat weights fetch "
            + file.backbone()
            + "`");
  }

  @Override
  public String toString() {
    return "WeightsCache" + searchPath.values();
  }

  /** Configures a {@link WeightsCache}. */
  public static final class Builder {
    private Map<String, String> environment = System.getenv();
    private Path home = Path.of(System.getProperty("user.home"));
    private ImagenetFiles files = ImagenetFiles.official();
    private Path fetchDirectory;
    private FileDownload download;
    private boolean rememberVerified = true;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.environment = environment;
      b.home = home;
      b.files = files;
      b.fetchDirectory = fetchDirectory;
      b.download = download;
      b.rememberVerified = rememberVerified;
      return b;
    }

    /**
     * The environment variables read: {@code IMAT_WEIGHTS}, {@code KERAS_HOME}, {@code
     * XDG_CACHE_HOME} (default: the process's).
     */
    public Builder environment(Map<String, String> value) {
      this.environment = ImmutableMap.copyOf(value);
      return this;
    }

    /**
     * The home directory holding {@code .keras/models} and {@code .cache} (default {@code
     * user.home}).
     */
    public Builder homeDirectory(Path value) {
      this.home = value.toAbsolutePath().normalize();
      return this;
    }

    /** The files known (default {@link ImagenetFiles#official()}). */
    public Builder files(ImagenetFiles value) {
      this.files = checkNotNull(value, "files");
      return this;
    }

    /**
     * Where {@link #fetch} puts files (default {@code $IMAT_WEIGHTS}, else imat's cache); searched
     * last when it is not on the search path already.
     */
    public Builder fetchDirectory(Path value) {
      this.fetchDirectory = checkNotNull(value, "fetchDirectory");
      return this;
    }

    /** How files are downloaded (default {@link FileDownload#defaults()} with a 1 GiB cap). */
    public Builder download(FileDownload value) {
      this.download = checkNotNull(value, "download");
      return this;
    }

    /** Whether hashes checked once are remembered across runs (default true). */
    public Builder rememberVerified(boolean value) {
      this.rememberVerified = value;
      return this;
    }

    /** Builds the cache. */
    public WeightsCache build() {
      return new WeightsCache(copy());
    }
  }
}
