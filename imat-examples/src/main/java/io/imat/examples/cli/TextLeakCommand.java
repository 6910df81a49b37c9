package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.text.LeakAnalysis;
import io.imat.models.text.LeakReport;
import io.imat.models.text.TaskLeak;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat text leak}: how much each task leaks through the URLs. */
@Command(
    name = "leak",
    mixinStandardHelpOptions = true,
    description = {
      "Per task: how often the URLs of an image contain a word of its ground-truth label (named),"
          + " or only of a wrong label of the task (misnamed), and the top-1 error of the majority"
          + " answer (prior) and of the URL text model trained and evaluated out of fold (text).",
      "Tasks with a text error far below the prior are where merging the text model pays."
    })
final class TextLeakCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin TextModelOptions options;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "TRAIN.json",
      description = "Annotated data.")
  Path data;

  @Option(
      names = "--folds",
      defaultValue = "5",
      paramLabel = "K",
      description = "Folds of the out-of-fold text predictions (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--taxonomy",
      paramLabel = "DIR",
      description = "Taxonomy files (default: next to --data, else the built-in 2017 taxonomy).")
  Path taxonomyDir;

  @Override
  public Integer call() throws Exception {
    LeakAnalysis analysis;
    try {
      analysis =
          LeakAnalysis.builder().model(options.model()).folds(folds).seed(options.seed).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Taxonomy taxonomy = Inputs.taxonomyFor(data, taxonomyDir);
    ImatDataset d = Inputs.load(data, taxonomy, false);
    if (d.pairCount() == 0) {
      throw CliException.failure(data + ": no annotated (image, task) pairs to analyse");
    }
    if (d.size() < folds) {
      throw CliException.failure(
          data + ": " + d.size() + " images are too few for " + folds + " folds");
    }
    LeakReport report = analysis.run(d, new ConsoleProgress(common.err()));
    common.human().print(report.toTable());
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("images", report.images());
    json.addProperty("imagesWithoutWords", report.imagesWithoutWords());
    json.addProperty("folds", report.folds());
    TaskLeak all = report.overall();
    addRates(json, all);
    JsonObject perTask = new JsonObject();
    for (TaskLeak t : report.tasks()) {
      JsonObject o = new JsonObject();
      o.addProperty("name", t.task().name());
      addRates(o, t);
      perTask.add(t.task().id(), o);
    }
    json.add("perTask", perTask);
    common.printJson(json);
    return 0;
  }

  private static void addRates(JsonObject o, TaskLeak t) {
    o.addProperty("pairs", t.pairs());
    o.addProperty("namedRate", t.namedRate());
    o.addProperty("misnamedRate", t.misnamedRate());
    o.addProperty("priorError", t.priorError());
    o.addProperty("textError", t.textError());
  }
}
