package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat text train}: trains the URL text model and saves it to a model directory. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the URL text model on the image URLs of an annotated data file (all mirrors of each"
          + " image) and save it to MODEL_DIR/url-text-model.bin.",
      "With --valid, also print its top-1 error on validation data."
    })
final class TextTrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin TextModelOptions options;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "TRAIN.json",
      description = "Annotated training data.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Model dir.")
  Path out;

  @Option(
      names = "--valid",
      paramLabel = "VAL.json",
      description = "Annotated validation data to score the model on.")
  Path valid;

  @Option(
      names = "--taxonomy",
      paramLabel = "DIR",
      description = "Taxonomy files (default: next to --data, else the built-in 2017 taxonomy).")
  Path taxonomyDir;

  @Override
  public Integer call() throws Exception {
    UrlTextModel config = options.model();
    Taxonomy taxonomy = Inputs.taxonomyFor(data, taxonomyDir);
    ImatDataset train = Inputs.load(data, taxonomy, false);
    if (train.pairCount() == 0) {
      throw CliException.failure(data + ": no annotated (image, task) pairs to train on");
    }
    long start = System.nanoTime();
    TrainedUrlTextModel model = config.train(train, new ConsoleProgress(common.err()));
    double seconds = (System.nanoTime() - start) / 1e9;
    model.save(out);
    PrintWriter human = common.human();
    human.printf(
        "trained the URL text model on %d images (%d annotated pairs) in %.1f s -> %s%n",
        model.trainingImages(),
        train.pairCount(),
        seconds,
        out.resolve(TrainedUrlTextModel.FILE_NAME));
    JsonObject json = new JsonObject();
    json.addProperty("model", out.toString());
    json.addProperty("images", model.trainingImages());
    json.addProperty("pairs", train.pairCount());
    json.addProperty("seconds", seconds);
    json.add("config", configJson(config));
    if (valid != null) {
      ImatDataset v = Inputs.load(valid, model.taxonomy(), false);
      if (v.pairCount() == 0) {
        throw CliException.failure(valid + ": no annotated (image, task) pairs to score");
      }
      ErrorReport report = TopOneError.of(v).score(model.predict(v));
      human.printf("validation (%s):%n", valid);
      human.print(report.toTable());
      json.add("validation", Reports.toJson(report));
    }
    human.flush();
    common.printJson(json);
    return 0;
  }

  static JsonObject configJson(UrlTextModel c) {
    JsonObject o = new JsonObject();
    o.addProperty("dimension", c.dimension());
    o.addProperty("buckets", c.buckets());
    o.addProperty("epochs", c.epochs());
    o.addProperty("learningRate", c.learningRate());
    o.addProperty("seed", c.seed());
    o.addProperty("wordNgrams", c.tokenizer().wordNgrams());
    o.addProperty(
        "charNgrams",
        c.tokenizer().charNgramMax() == 0
            ? "off"
            : c.tokenizer().charNgramMin() + "-" + c.tokenizer().charNgramMax());
    return o;
  }
}
