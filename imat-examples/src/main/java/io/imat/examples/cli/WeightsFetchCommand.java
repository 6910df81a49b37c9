package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.download.FailureKind;
import io.imat.api.download.FileDownloadException;
import io.imat.models.weights.CachedFile;
import io.imat.models.weights.ImagenetFile;
import io.imat.models.weights.WeightsCache;
import io.imat.models.weights.WeightsException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code imat weights fetch NAME}: downloads an official Keras file into the weights cache. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Download the official Keras ImageNet file of a backbone (resnet50, inception_v3, xception)"
          + " into the weights cache: to a .part file, checked against the hashes Keras publishes,"
          + " then renamed to its official name. An interrupted download resumes where it stopped."
          + " Nothing is downloaded when a good copy is already found."
    })
final class WeightsFetchCommand implements Callable<Integer> {
  @ParentCommand WeightsCommand parent;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "resnet50, inception_v3 or xception.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Put the file here (default: $IMAT_WEIGHTS when set, else imat's cache). imat only looks"
              + " here when DIR is on its search path, e.g. IMAT_WEIGHTS=DIR.")
  Path dir;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Download from this http(s) mirror instead of the official URLs.")
  String url;

  @Override
  public Integer call() throws Exception {
    ImagenetFile file = parent.file(name);
    WeightsCache cache = parent.cache(dir);
    PrintWriter out = common.human();
    Optional<CachedFile> found =
        dir == null ? Optional.of(cache.check(file)).filter(CachedFile::isOk) : Optional.empty();
    WeightsCache.Fetched r;
    if (found.isPresent()) {
      // Already on the search path, wherever: nothing to do.
      Path p = found.get().path().orElseThrow();
      r =
          new WeightsCache.Fetched(
              p, found.get().hash().orElseThrow(), Optional.empty(), Files.size(p));
    } else {
      List<String> urls = url == null ? file.urls() : List.of(url);
      try {
        r = cache.fetch(file, urls, new ConsoleProgress(common.err()));
      } catch (FileDownloadException e) {
        throw e.kind() == FailureKind.BAD_URL && url != null
            ? CliException.usage("--url " + e.getMessage())
            : CliException.failure(everyUrl(e));
      } catch (WeightsException e) {
        throw CliException.failure(everyUrl(e));
      }
    }
    if (r.downloaded()) {
      out.printf(
          "%s: %s (%,d bytes from %s, %s)%n",
          file.backbone(), r.path(), r.bytes(), r.url().orElseThrow(), r.hash());
    } else {
      out.printf("%s: already in %s (%s)%n", file.backbone(), r.path(), r.hash());
    }
    // Say so when the file just fetched is not the one lookups will use (--dir elsewhere, or a
    // wrong copy earlier on the search path).
    WeightsCache lookup = parent.cache(null);
    CachedFile now = lookup.check(file);
    if (!now.isOk() || !now.path().orElseThrow().equals(r.path())) {
      out.printf(
          "note: imat looks in %s, where it finds %s; set IMAT_WEIGHTS=%s to use this file%n",
          String.join(", ", lookup.searchPath().stream().map(Path::toString).toList()),
          now.path().map(p -> p + (now.isOk() ? "" : " (wrong hash)")).orElse("nothing"),
          r.path().getParent());
    }
    out.flush();
    JsonObject json = new JsonObject();
    json.addProperty("backbone", file.backbone());
    json.addProperty("file", file.fileName());
    json.addProperty("path", r.path().toString());
    json.addProperty("downloaded", r.downloaded());
    json.addProperty("url", r.url().orElse(null));
    json.addProperty("bytes", r.bytes());
    json.addProperty("hash", r.hash());
    WeightsCommand.printJsonWithNulls(common, json);
    return 0;
  }

  // Each URL tried failed: the library throws the last failure with the earlier ones suppressed.
  private static String everyUrl(Exception e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t : e.getSuppressed()) {
      b.append(t.getMessage()).append("; then ");
    }
    return b.append(e.getMessage()).toString();
  }
}
