package io.imat.examples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.imat.models.weights.ImagenetFile;
import io.imat.models.weights.WeightsCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imat weights}: the official Keras ImageNet files (fetch, list). */
@Command(
    name = "weights",
    mixinStandardHelpOptions = true,
    description = {
      "The official Keras ImageNet weights (*_notop.h5) that fine-tuning starts from.",
      "imat looks for them in $IMAT_WEIGHTS, then ~/.keras/models (where Keras keeps them;"
          + " $KERAS_HOME/models when KERAS_HOME is set), then its own cache"
          + " ($XDG_CACHE_HOME/imat/weights, default ~/.cache/imat/weights), and checks each"
          + " against the hashes Keras publishes."
    },
    subcommands = {WeightsFetchCommand.class, WeightsListCommand.class})
final class WeightsCommand implements Runnable {
  // Keys whose value is "nothing found" stay in the output as null, so that scripts can rely on
  // every key being there.
  private static final Gson GSON_WITH_NULLS =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final WeightsCache cache;

  WeightsCommand() {
    this(WeightsCache.defaults());
  }

  /** With another cache (tests: another home, environment and registry). */
  WeightsCommand(WeightsCache cache) {
    this.cache = cache;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a weights command: " + spec.subcommands().keySet());
  }

  /** The cache, fetching into {@code dir} when it is given. */
  WeightsCache cache(Path dir) {
    return dir == null ? cache : cache.toBuilder().fetchDirectory(dir).build();
  }

  /** The file of backbone {@code name} ({@code -} and {@code _} alike), or a usage error. */
  ImagenetFile file(String name) {
    try {
      return cache.files().require(name.toLowerCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** Like {@link CommonOptions#printJson}, keeping null values (such as a missing file's path). */
  static void printJsonWithNulls(CommonOptions common, JsonObject result) {
    if (common.json) {
      PrintWriter out = common.spec.commandLine().getOut();
      out.println(GSON_WITH_NULLS.toJson(result));
      out.flush();
    }
  }
}
