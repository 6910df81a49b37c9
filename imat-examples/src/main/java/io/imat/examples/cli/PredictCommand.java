package io.imat.examples.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.models.PredictOptions;
import io.imat.models.TrainedModel;
import io.imat.models.cv.CrossValidation;
import io.imat.models.data.PictureSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat predict}: probabilities per image per label from a trained image model. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict with a model written by 'imat train' (a cross-validated model averages its fold"
          + " models). Images whose picture is missing get no row; 'imat submit' answers them"
          + " from the training priors."
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE.json", description = "Images.")
  Path data;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Pictures.")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "PRED", description = "Predictions file.")
  Path out;

  @Option(names = "--tta", description = "Average with the horizontally flipped picture.")
  boolean tta;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Pictures per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Predictions p;
    ImatDataset dataset;
    PredictOptions options;
    try {
      options =
          PredictOptions.builder()
              .tta(tta)
              .batchSize(batch)
              .progress(new ConsoleProgress(common.err()))
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--batch: " + e.getMessage());
    }
    Device on = device.device();
    if (Files.exists(model.resolve(TrainedModel.CONFIG))) {
      try (TrainedModel m = TrainedModel.load(model, on)) {
        dataset = Inputs.load(data, m.taxonomy(), true);
        p = m.predict(PictureSet.of(dataset, images), options);
      }
    } else {
      List<Path> folds;
      try (Stream<Path> s = Files.list(model)) {
        folds =
            s.filter(d -> d.getFileName().toString().matches("fold-\\d+"))
                .filter(d -> Files.exists(d.resolve(TrainedModel.CONFIG)))
                .sorted()
                .toList();
      } catch (java.nio.file.NoSuchFileException e) {
        throw CliException.failure(model + ": no such directory");
      }
      if (folds.isEmpty()) {
        throw CliException.failure(
            model + ": not a model directory (no model.json, no fold-N/model.json)");
      }
      try (TrainedModel first = TrainedModel.load(folds.get(0))) {
        dataset = Inputs.load(data, first.taxonomy(), true);
      }
      p = CrossValidation.averageFolds(folds, PictureSet.of(dataset, images), options, on);
    }
    p.write(out);
    double seconds = (System.nanoTime() - t0) / 1e9;
    common
        .human()
        .printf(
            "wrote %s: %d of %d images predicted (%d pictures missing or unreadable), %.1f s%n",
            out, p.size(), dataset.size(), dataset.size() - p.size(), seconds);
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("images", dataset.size());
    json.addProperty("rows", p.size());
    json.addProperty("missing", dataset.size() - p.size());
    json.addProperty("tta", tta);
    json.addProperty("seconds", seconds);
    common.printJson(json);
    return 0;
  }
}
