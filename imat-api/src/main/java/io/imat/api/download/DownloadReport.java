package io.imat.api.download;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The outcome of one {@link ImageDownloader#download} run: how many pictures were fetched, were
 * already there, or are missing, and why each missing one is missing.
 *
 * <p>{@code total == downloaded + skipped + missing}. As JSON ({@link #toJson()}):
 *
 * <pre>{@code
 * {"total":564,"downloaded":540,"skipped":0,"missing":24,"bytes":3145728,"seconds":4.1,
 *  "imagesPerSecond":137.6,"replacedInvalid":0,"attemptsPerMirror":[590,40],"picturesPerMirror":[528,12],
 *  "failures":[{"imageId":"17","kind":"NOT_FOUND","reason":"all 2 mirrors failed: #1 404 Not Found; #2 …",
 *               "mirrors":[{"url":"http://…","attempts":1,"kind":"NOT_FOUND","reason":"404 Not Found"}, …]}]}
 * }</pre>
 */
@AutoValue
public abstract class DownloadReport {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  DownloadReport() {}

  /** A builder (used by the downloader; handy for tests). */
  public static Builder builder() {
    return new AutoValue_DownloadReport.Builder()
        .bytes(0)
        .seconds(0)
        .replacedInvalid(0)
        .failures(ImmutableList.of())
        .attemptsPerMirror(ImmutableList.of())
        .picturesPerMirror(ImmutableList.of());
  }

  /** Images in the dataset. */
  public abstract int total();

  /** Pictures fetched and stored by this run. */
  public abstract int downloaded();

  /** Images whose valid picture was already in the directory; nothing was fetched for them. */
  public abstract int skipped();

  /** Images without a picture after this run: every mirror failed. */
  public abstract int missing();

  /** Bytes stored by this run. */
  public abstract long bytes();

  /** Wall-clock duration of the run. */
  public abstract double seconds();

  /**
   * Files that were under a final name but were not valid pictures (left by another tool or
   * corrupted later), and were replaced or removed.
   */
  public abstract int replacedInvalid();

  /** One entry per missing image, in dataset order. */
  public abstract ImmutableList<DownloadFailure> failures();

  /**
   * HTTP attempts per mirror position: element k counts the attempts at the k-th URL of every image
   * (retries included, a redirect chain counted once).
   */
  public abstract ImmutableList<Long> attemptsPerMirror();

  /** Pictures served per mirror position: element k counts images fetched from their k-th URL. */
  public abstract ImmutableList<Long> picturesPerMirror();

  /** Images handled per second (downloaded, skipped and missing alike). */
  public double imagesPerSecond() {
    return seconds() > 0 ? total() / seconds() : 0;
  }

  /** The report as a JSON object (see the class documentation). */
  public String toJson() {
    return GSON.toJson(toJsonObject());
  }

  /** Writes {@link #toJson()} to {@code file} atomically. */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
  }

  private JsonObject toJsonObject() {
    JsonObject o = new JsonObject();
    o.addProperty("total", total());
    o.addProperty("downloaded", downloaded());
    o.addProperty("skipped", skipped());
    o.addProperty("missing", missing());
    o.addProperty("bytes", bytes());
    o.addProperty("seconds", seconds());
    o.addProperty("imagesPerSecond", imagesPerSecond());
    o.addProperty("replacedInvalid", replacedInvalid());
    JsonArray attempts = new JsonArray();
    attemptsPerMirror().forEach(attempts::add);
    o.add("attemptsPerMirror", attempts);
    JsonArray pictures = new JsonArray();
    picturesPerMirror().forEach(pictures::add);
    o.add("picturesPerMirror", pictures);
    JsonArray failures = new JsonArray();
    for (DownloadFailure f : failures()) {
      JsonObject fo = new JsonObject();
      fo.addProperty("imageId", f.imageId());
      fo.addProperty("kind", f.kind().name());
      fo.addProperty("reason", f.reason());
      JsonArray mirrors = new JsonArray();
      for (MirrorFailure m : f.mirrors()) {
        JsonObject mo = new JsonObject();
        mo.addProperty("url", m.url());
        mo.addProperty("attempts", m.attempts());
        mo.addProperty("kind", m.kind().name());
        mo.addProperty("reason", m.reason());
        mirrors.add(mo);
      }
      fo.add("mirrors", mirrors);
      failures.add(fo);
    }
    o.add("failures", failures);
    return o;
  }

  /** Builds a {@link DownloadReport}. */
  @AutoValue.Builder
  public abstract static class Builder {
    Builder() {}

    /** Images in the dataset. */
    public abstract Builder total(int value);

    /** Pictures fetched. */
    public abstract Builder downloaded(int value);

    /** Pictures already present. */
    public abstract Builder skipped(int value);

    /** Images without a picture. */
    public abstract Builder missing(int value);

    /** Bytes stored. */
    public abstract Builder bytes(long value);

    /** Duration in seconds. */
    public abstract Builder seconds(double value);

    /** Invalid files replaced or removed. */
    public abstract Builder replacedInvalid(int value);

    /** The failures. */
    public abstract Builder failures(Iterable<DownloadFailure> value);

    /** Attempts per mirror position. */
    public abstract Builder attemptsPerMirror(Iterable<Long> value);

    /** Pictures per mirror position. */
    public abstract Builder picturesPerMirror(Iterable<Long> value);

    abstract DownloadReport autoBuild();

    /**
     * Builds the report.
     *
     * @throws IllegalArgumentException if the counts do not add up
     */
    public DownloadReport build() {
      DownloadReport r = autoBuild();
      if (r.downloaded() + r.skipped() + r.missing() != r.total()
          || r.failures().size() != r.missing()) {
        throw new IllegalArgumentException(
            String.format(
                "inconsistent report: total %d, downloaded %d, skipped %d, missing %d, %d failures",
                r.total(), r.downloaded(), r.skipped(), r.missing(), r.failures().size()));
      }
      return r;
    }
  }
}
