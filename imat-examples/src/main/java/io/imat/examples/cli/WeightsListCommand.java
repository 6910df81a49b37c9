package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.models.backbone.Backbone;
import io.imat.models.weights.CachedFile;
import io.imat.models.weights.ImagenetFile;
import io.imat.models.weights.WeightsCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imat weights list}: which official Keras files are in the cache, and whether they check.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "For each Keras backbone: the official file name, where imat finds it (or missing) and"
          + " whether its hash is one Keras publishes."
    })
final class WeightsListCommand implements Callable<Integer> {
  @ParentCommand WeightsCommand parent;

  @Mixin CommonOptions common;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Also look in DIR (last), e.g. where `imat weights fetch --dir` put files.")
  Path dir;

  @Override
  public Integer call() {
    WeightsCache cache = parent.cache(dir);
    PrintWriter out = common.human();
    JsonObject files = new JsonObject();
    out.printf("%-13s %-10s %-58s %s%n", "backbone", "status", "file", "path");
    for (ImagenetFile f : cache.files().all()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", f.fileName());
      String status;
      String where;
      try {
        CachedFile c = cache.check(f);
        status = c.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        where = c.path().map(Path::toString).orElse(null);
        o.addProperty("hashOk", c.state() == CachedFile.State.MISSING ? null : c.isOk());
        o.addProperty("hash", c.hash().orElse(null));
      } catch (IOException e) {
        status = "unreadable";
        where = null;
        o.addProperty("hashOk", (Boolean) null);
        o.addProperty("hash", (String) null);
        o.addProperty("error", Failures.oneLine(e));
      }
      o.addProperty("status", status);
      o.addProperty("path", where);
      o.addProperty("url", f.url());
      files.add(f.backbone(), o);
      out.printf(
          "%-13s %-10s %-58s %s%n",
          f.backbone(), status, f.fileName(), where == null ? "-" : where);
    }
    for (Backbone b : Backbone.builtIn()) {
      if (cache.files().forBackbone(b).isEmpty()) {
        out.printf("%-13s no Keras ImageNet file: starts from random weights%n", b.name());
      }
    }
    out.printf(
        "searched: %s; `imat weights fetch NAME` puts files in %s%n",
        String.join(", ", cache.searchPath().stream().map(Path::toString).toList()),
        cache.fetchDirectory());
    out.flush();
    JsonObject json = new JsonObject();
    json.add("files", files);
    JsonArray path = new JsonArray();
    cache.searchPath().forEach(p -> path.add(p.toString()));
    json.add("searchPath", path);
    json.addProperty("fetchDirectory", cache.fetchDirectory().toString());
    WeightsCommand.printJsonWithNulls(common, json);
    return 0;
  }
}
