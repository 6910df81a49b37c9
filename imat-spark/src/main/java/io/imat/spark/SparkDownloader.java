package io.imat.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.download.DownloadFailure;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.FailureKind;
import io.imat.api.download.ImageDownloader;
import io.imat.api.download.MirrorFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a dataset's pictures with a Spark cluster, politely: the work goes in rounds, one per
 * mirror position (every image's first URL, then the second URL of the images still missing, ...),
 * and within a round the URLs are partitioned by host (scheme, host and port), every host in
 * exactly one task. A host therefore never sees more than {@code maxConnectionsPerHost} requests at
 * a time from the whole cluster. Each task runs an {@link ImageDownloader} (the same validation,
 * retries and atomic writes) into scratch space and then puts each picture under its final name in
 * the output in one step, through Hadoop's FileSystem API ({@code hdfs://}, {@code s3a://}, local
 * or shared paths). The driver merges the rounds into one {@link DownloadReport}, as the
 * single-machine downloader reports them.
 *
 * <pre>{@code
 * DownloadReport r = SparkDownloader.builder()
 *     .downloader(b -> b.maxConnectionsPerHost(4))
 *     .build()
 *     .download(sc, "hdfs:///imat/train.json", "hdfs:///imat/train-images");
 * }</pre>
 *
 * <p>Pictures already in the output are skipped without a request (only validated pictures ever get
 * a final name there). Speculative execution must be off: two attempts of one host's task would
 * double the requests that host sees.
 */
public final class SparkDownloader {
  private static final Logger log = LoggerFactory.getLogger(SparkDownloader.class);

  private final DownloaderRecipe recipe;
  private final int partitions;

  private SparkDownloader(Builder b) {
    this.recipe = b.recipe;
    this.partitions = b.partitions;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Downloads the pictures of the images of the data file {@code data} into {@code out} as {@code
   * <imageId>.jpg}. Lost images are reported, not thrown.
   *
   * @throws IllegalStateException if speculative execution is on
   */
  public DownloadReport download(JavaSparkContext sc, String data, String out) throws IOException {
    checkState(
        !sc.getConf().getBoolean("spark.speculation", false),
        "distributed download needs spark.speculation=false: per-host politeness allows one"
            + " attempt per host at a time");
    long start = System.nanoTime();
    Configuration hadoop = sc.hadoopConfiguration();
    Path scratch = Files.createTempDirectory("imat-spark-download-");
    List<ImageRecord> images;
    try {
      images = datasetImages(data, scratch, hadoop);
    } finally {
      ModelArchive.deleteTree(scratch);
    }
    Set<String> present = existing(out, hadoop);
    int maxMirrors = images.stream().mapToInt(r -> r.urls().size()).max().orElse(0);
    Map<String, List<MirrorFailure>> failures = new HashMap<>();
    Set<String> downloaded = new HashSet<>();
    long[] attempts = new long[maxMirrors];
    long[] pictures = new long[maxMirrors];
    long bytes = 0;
    int parallelism = partitions > 0 ? partitions : sc.defaultParallelism();
    HashMap<String, String> settings = HadoopIo.overrides(hadoop);
    for (int m = 0; m < maxMirrors; m++) {
      Map<String, List<Item>> byHost = new LinkedHashMap<>();
      for (ImageRecord r : images) {
        if (r.urls().size() > m && !present.contains(r.id()) && !downloaded.contains(r.id())) {
          String url = r.urls().get(m);
          byHost.computeIfAbsent(hostOf(url), h -> new ArrayList<>()).add(new Item(r.id(), url));
        }
      }
      if (byHost.isEmpty()) {
        break;
      }
      List<List<Item>> slices = packByHost(byHost, parallelism);
      log.info("mirror {}: {} hosts in {} tasks", m + 1, byHost.size(), slices.size());
      HostTask task = new HostTask(recipe, out, settings);
      for (Round r : sc.parallelize(slices, slices.size()).mapPartitions(task::run).collect()) {
        attempts[m] += r.attempts();
        bytes += r.bytes();
        pictures[m] += r.downloaded().size();
        downloaded.addAll(r.downloaded());
        for (Failed f : r.failed()) {
          failures
              .computeIfAbsent(f.imageId(), k -> new ArrayList<>())
              .add(
                  MirrorFailure.of(
                      f.url(), f.attempts(), FailureKind.valueOf(f.kind()), f.reason()));
        }
      }
    }
    List<DownloadFailure> lost = new ArrayList<>();
    int skipped = 0;
    for (ImageRecord r : images) {
      if (present.contains(r.id())) {
        skipped++;
      } else if (!downloaded.contains(r.id())) {
        lost.add(DownloadFailure.of(r.id(), failures.getOrDefault(r.id(), List.of())));
      }
    }
    return DownloadReport.builder()
        .total(images.size())
        .downloaded(downloaded.size())
        .skipped(skipped)
        .missing(lost.size())
        .bytes(bytes)
        .seconds((System.nanoTime() - start) / 1e9)
        .failures(lost)
        .attemptsPerMirror(boxed(attempts))
        .picturesPerMirror(boxed(pictures))
        .build();
  }

  /** The host of a URL as the downloader's per-host limit counts it: scheme, host and port. */
  static String hostOf(String url) {
    try {
      URI u = URI.create(url);
      if (u.getHost() == null) {
        return "";
      }
      return u.getScheme().toLowerCase(Locale.ROOT)
          + "://"
          + u.getHost().toLowerCase(Locale.ROOT)
          + ":"
          + u.getPort();
    } catch (IllegalArgumentException e) {
      return ""; // the downloader reports the bad URL itself
    }
  }

  /**
   * At most {@code n} slices, each host's URLs all in one slice: the largest hosts first, each to
   * the slice with the fewest URLs so far.
   */
  static List<List<Item>> packByHost(Map<String, List<Item>> byHost, int n) {
    List<List<Item>> hosts = new ArrayList<>(byHost.values());
    hosts.sort(Comparator.comparingInt((List<Item> h) -> h.size()).reversed());
    int slices = Math.max(1, Math.min(n, hosts.size()));
    List<List<Item>> out = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      out.add(new ArrayList<>());
    }
    for (List<Item> h : hosts) {
      out.stream().min(Comparator.comparingInt(List::size)).orElseThrow().addAll(h);
    }
    return out;
  }

  private static List<ImageRecord> datasetImages(String data, Path scratch, Configuration hadoop)
      throws IOException {
    Path file = HadoopIo.localCopy(data, scratch, hadoop);
    return io.imat.api.dataset.ImatDataset.loader()
        .taxonomy(io.imat.api.taxonomy.Taxonomy.imaterialist2017())
        .unknownIds(io.imat.api.dataset.UnknownIdPolicy.SKIP)
        .load(file)
        .images();
  }

  /** The image ids whose picture is already in {@code out}. */
  private static Set<String> existing(String out, Configuration hadoop) throws IOException {
    Set<String> ids = new HashSet<>();
    FileSystem fs = HadoopIo.fileSystem(out, hadoop);
    org.apache.hadoop.fs.Path dir = HadoopIo.hadoopPath(out);
    if (!fs.exists(dir)) {
      return ids;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isFile() && s.getLen() > 0 && n.endsWith(".jpg") && !n.startsWith(".")) {
        ids.add(n.substring(0, n.length() - 4));
      }
    }
    return ids;
  }

  private static List<Long> boxed(long[] values) {
    List<Long> out = new ArrayList<>();
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  /** One image's URL at this round's mirror position. */
  record Item(String imageId, String url) implements Serializable {}

  /** One mirror of an image that failed in a round. */
  record Failed(String imageId, String url, int attempts, String kind, String reason)
      implements Serializable {}

  /** What one task of a round did. */
  record Round(long attempts, long bytes, List<String> downloaded, List<Failed> failed)
      implements Serializable {}

  /** The work of one task: its hosts' URLs, downloaded and put in place. */
  private record HostTask(
      DownloaderRecipe recipe, String out, HashMap<String, String> hadoopSettings)
      implements Serializable {
    Iterator<Round> run(Iterator<List<Item>> slices) throws IOException {
      TaskContext tc = TaskSupport.context();
      List<ImageRecord> records = new ArrayList<>();
      Map<String, String> urls = new HashMap<>();
      slices.forEachRemaining(
          s -> {
            for (Item i : s) {
              records.add(ImageRecord.of(i.imageId(), i.url()));
              urls.put(i.imageId(), i.url());
            }
          });
      Path scratch = TaskSupport.scratch("download");
      ImageDownloader.Builder b = ImageDownloader.builder();
      recipe.configure(b);
      b.progress(TaskSupport.stopWhenKilled());
      DownloadReport r;
      try {
        r = b.build().download(records, scratch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("download task interrupted");
      }
      Configuration hadoop = HadoopIo.taskConf(hadoopSettings);
      List<String> ok = new ArrayList<>();
      Set<String> lost = new HashSet<>();
      List<Failed> failed = new ArrayList<>();
      for (DownloadFailure f : r.failures()) {
        lost.add(f.imageId());
        MirrorFailure m = f.mirrors().isEmpty() ? null : f.mirrors().get(0);
        failed.add(
            new Failed(
                f.imageId(),
                urls.get(f.imageId()),
                m == null ? 0 : m.attempts(),
                f.kind().name(),
                f.reason()));
      }
      for (ImageRecord rec : records) {
        if (lost.contains(rec.id())) {
          continue;
        }
        TaskSupport.check(tc);
        HadoopIo.publish(
            scratch.resolve(rec.fileName()), HadoopIo.resolve(out, rec.fileName()), hadoop);
        ok.add(rec.id());
      }
      long attempts = r.attemptsPerMirror().isEmpty() ? 0 : r.attemptsPerMirror().get(0);
      return List.of(new Round(attempts, r.bytes(), ok, failed)).iterator();
    }
  }

  /** Options of a {@link SparkDownloader}. */
  public static final class Builder {
    private DownloaderRecipe recipe = b -> {};
    private int partitions;

    private Builder() {}

    /** The options of every task's {@link ImageDownloader} (default: its defaults). */
    public Builder downloader(DownloaderRecipe value) {
      this.recipe = checkNotNull(value);
      return this;
    }

    /** Tasks per round at most (default 0: Spark's default parallelism). */
    public Builder partitions(int value) {
      checkArgument(value >= 0, "negative partitions");
      this.partitions = value;
      return this;
    }

    /** Builds the downloader. */
    public SparkDownloader build() {
      return new SparkDownloader(this);
    }
  }
}
