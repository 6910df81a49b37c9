package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import io.imat.models.text.TrainedUrlTextModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat text predict}: predictions of the URL text model for every image of a file. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict every image of a data file from its URLs with a saved text model and write a"
          + " predictions file (a row for every image: the URL always exists), carrying the"
          + " model's training priors.",
      "If the file is annotated, also print the top-1 error."
    })
final class TextPredictCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "A model directory written by 'imat text train'.")
  Path model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE.json",
      description = "Images to predict (train, validation or test format).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "PRED", description = "Predictions file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    TrainedUrlTextModel m = TrainedUrlTextModel.load(model);
    ImatDataset d = Inputs.load(data, m.taxonomy(), true);
    Predictions p = m.predict(d, new ConsoleProgress(common.err()));
    p.write(out);
    common
        .human()
        .printf("wrote %s: %d images x %d labels%n", out, p.size(), m.taxonomy().labelCount());
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("rows", p.size());
    json.addProperty("labels", m.taxonomy().labelCount());
    if (d.pairCount() > 0) {
      ErrorReport r = TopOneError.of(d).score(p);
      common
          .human()
          .printf("top-1 error on %s: %.5f over %d annotated pairs%n", data, r.score(), r.pairs());
      json.addProperty("score", r.score());
      json.addProperty("pairs", r.pairs());
    }
    common.human().flush();
    common.printJson(json);
    return 0;
  }
}
