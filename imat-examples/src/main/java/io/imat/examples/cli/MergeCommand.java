package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Task;
import io.imat.metrics.ErrorReport;
import io.imat.models.ensemble.Ensemble;
import io.imat.models.ensemble.EnsembleWeights;
import io.imat.models.ensemble.Mean;
import io.imat.models.ensemble.WeightFit;
import io.imat.models.ensemble.WeightFitter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat merge}: merges predictions files, optionally with weights fitted on validation. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Merge the predictions of several models: a weighted arithmetic (default) or geometric mean"
          + " per label. An image missing from some models (its picture could not be read) is"
          + " averaged over the models that have it; the result keeps the first model's priors.",
      "Without --fit: --pred PRED[:WEIGHT] ... (weights default to 1, same for every task).",
      "With --fit VAL.json: --pred VAL.pred,TEST.pred[:WEIGHT] ... — each model's predictions on"
          + " the annotated VAL.json and on the data to merge. Per-task weights are fitted on the"
          + " validation predictions to minimise top-1 error (a grid search, ties toward the given"
          + " weights, equal by default), printed, and applied to the TEST predictions."
    })
final class MergeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--pred",
      required = true,
      paramLabel = "PRED[:WEIGHT]",
      description = "A model's predictions file (with --fit: VAL.pred,TEST.pred), repeatable.")
  List<String> preds;

  @Option(
      names = "--fit",
      paramLabel = "VAL.json",
      description = "Annotated validation data to fit per-task weights on.")
  Path fit;

  @Option(
      names = "--mean",
      defaultValue = "arithmetic",
      paramLabel = "MEAN",
      description = "arithmetic or geometric (default: ${DEFAULT-VALUE}).")
  String mean;

  @Option(
      names = "--shared-weights",
      description = "With --fit: one weight vector for all tasks instead of per-task weights.")
  boolean shared;

  @Option(names = "--out", required = true, paramLabel = "PRED", description = "Merged file.")
  Path out;

  /** One parsed --pred value. */
  record Spec(Path validation, Path test, double weight) {}

  @Override
  public Integer call() throws Exception {
    Mean m;
    try {
      m = Mean.fromId(mean);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    List<Spec> specs = new ArrayList<>();
    for (String p : preds) {
      specs.add(parse(p, fit != null));
    }
    double[] given = specs.stream().mapToDouble(Spec::weight).toArray();
    EnsembleWeights initial;
    try {
      initial = EnsembleWeights.of(given);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--pred weights: " + e.getMessage());
    }
    List<Predictions> test = new ArrayList<>();
    for (Spec s : specs) {
      test.add(Predictions.read(s.test()));
    }
    for (int k = 1; k < test.size(); k++) {
      if (!test.get(k).taxonomy().equals(test.get(0).taxonomy())) {
        throw CliException.failure(
            specs.get(k).test() + ": another taxonomy than " + specs.get(0).test());
      }
    }
    PrintWriter human = common.human();
    JsonObject json = new JsonObject();
    Ensemble ensemble;
    if (fit != null) {
      List<Predictions> valid = new ArrayList<>();
      for (Spec s : specs) {
        valid.add(Predictions.read(s.validation()));
      }
      ImatDataset truth = Inputs.load(fit, test.get(0).taxonomy(), true);
      if (truth.pairCount() == 0) {
        throw CliException.failure(fit + ": no annotated (image, task) pairs to fit on");
      }
      WeightFit f =
          WeightFitter.builder().mean(m).perTask(!shared).build().fit(valid, truth, initial);
      ensemble = f.ensemble();
      printFit(human, f, specs, test.get(0));
      json.add("weights", weightsJson(f.weights(), test.get(0)));
      JsonObject v = new JsonObject();
      JsonArray models = new JsonArray();
      f.modelReports().forEach(r -> models.add(r.score()));
      v.add("models", models);
      v.addProperty("initial", f.initialReport().score());
      v.addProperty("fitted", f.fittedReport().score());
      v.addProperty("pairs", f.fittedReport().pairs());
      json.add("validation", v);
    } else {
      ensemble = Ensemble.builder().mean(m).weights(initial).build();
      json.add("weights", weightsJson(initial, test.get(0)));
    }
    Predictions merged = ensemble.merge(test);
    merged.write(out);
    human.printf(
        "wrote %s: %d images merged from %d models (%s mean)%n",
        out, merged.size(), test.size(), m.id());
    human.flush();
    json.addProperty("out", out.toString());
    json.addProperty("rows", merged.size());
    json.addProperty("mean", m.id());
    JsonArray models = new JsonArray();
    for (int k = 0; k < specs.size(); k++) {
      JsonObject o = new JsonObject();
      o.addProperty("pred", specs.get(k).test().toString());
      if (specs.get(k).validation() != null) {
        o.addProperty("validation", specs.get(k).validation().toString());
      }
      o.addProperty("weight", specs.get(k).weight());
      o.addProperty("rows", test.get(k).size());
      models.add(o);
    }
    json.add("models", models);
    common.printJson(json);
    return 0;
  }

  /**
   * Parses {@code PRED[:WEIGHT]} or, with --fit, {@code VAL.pred,TEST.pred[:WEIGHT]}. A suffix
   * after the last colon is a weight only if it is a number, so paths with colons still work.
   */
  static Spec parse(String value, boolean withFit) {
    String files = value;
    double weight = 1;
    int colon = value.lastIndexOf(':');
    if (colon >= 0) {
      try {
        weight = Double.parseDouble(value.substring(colon + 1));
        files = value.substring(0, colon);
      } catch (NumberFormatException e) {
        // not a weight: part of the path
      }
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw CliException.usage("--pred " + value + ": the weight must be a number >= 0");
    }
    int comma = files.indexOf(',');
    if (withFit) {
      if (comma <= 0 || comma == files.length() - 1 || files.indexOf(',', comma + 1) >= 0) {
        throw CliException.usage(
            "--pred " + value + ": with --fit, give VAL.pred,TEST.pred[:WEIGHT]");
      }
      return new Spec(
          Path.of(files.substring(0, comma)), Path.of(files.substring(comma + 1)), weight);
    }
    if (comma >= 0) {
      throw CliException.usage(
          "--pred " + value + ": VAL.pred,TEST.pred pairs need --fit VAL.json");
    }
    if (files.isEmpty()) {
      throw CliException.usage("--pred " + value + ": no file");
    }
    return new Spec(null, Path.of(files), weight);
  }

  private static void printFit(PrintWriter out, WeightFit f, List<Spec> specs, Predictions any) {
    out.printf("weights fitted on validation (%s mean):%n", f.mean().id());
    StringBuilder head = new StringBuilder(String.format("%-6s %-24s", "task", "name"));
    for (int k = 0; k < specs.size(); k++) {
      head.append(String.format(" %8s", "model " + (k + 1)));
    }
    out.println(head);
    for (Task t : any.taxonomy().tasks()) {
      StringBuilder row = new StringBuilder(String.format("%-6s %-24s", t.id(), t.name()));
      for (double w : f.weights().forTask(t)) {
        row.append(String.format(" %8.2f", w));
      }
      out.println(row);
    }
    for (int k = 0; k < specs.size(); k++) {
      out.printf(
          "model %d (%s): validation top-1 error %.5f%n",
          k + 1, specs.get(k).validation(), f.modelReports().get(k).score());
    }
    ErrorReport fitted = f.fittedReport();
    out.printf(
        "merged: validation top-1 error %.5f with the starting weights, %.5f with the fitted ones"
            + " (%d pairs; in-sample, so optimistic)%n",
        f.initialReport().score(), fitted.score(), fitted.pairs());
  }

  private static JsonObject weightsJson(EnsembleWeights w, Predictions any) {
    JsonObject o = new JsonObject();
    o.add("default", array(w.defaults()));
    JsonObject perTask = new JsonObject();
    for (Task t : any.taxonomy().tasks()) {
      perTask.add(t.id(), array(w.forTask(t)));
    }
    o.add("perTask", perTask);
    return o;
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }
}
