package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import io.imat.models.tensorflow.SavedModelFeatureExtractor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat savedmodel-embed}: one picture through a Keras model exported as a SavedModel. */
@Command(
    name = "savedmodel-embed",
    mixinStandardHelpOptions = true,
    description = {
      "Print the output of a Keras model exported as a TensorFlow SavedModel (e.g. a headless"
          + " network with pooling='avg') for one picture already at the model's input size, on"
          + " DJL's TensorFlow engine. The TensorFlow natives are extracted once to"
          + " ~/.cache/imat (override: -Dimat.tensorflow.cache=DIR)."
    })
final class SavedModelEmbedCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "SavedModel directory.")
  Path model;

  @Option(names = "--image", required = true, paramLabel = "PICTURE", description = "Picture.")
  Path image;

  @Option(
      names = "--preprocessing",
      defaultValue = "tf",
      paramLabel = "MODE",
      description = "Keras preprocess_input mode: tf, caffe or torch (default: ${DEFAULT-VALUE}).")
  String preprocessing;

  @Override
  public Integer call() throws Exception {
    Preprocessing prep =
        switch (preprocessing) {
          case "tf" -> Preprocessing.tf();
          case "caffe" -> Preprocessing.caffe();
          case "torch" -> Preprocessing.torch();
          default ->
              throw CliException.usage(
                  "--preprocessing must be tf, caffe or torch, not '" + preprocessing + "'");
        };
    if (!Files.isRegularFile(image)) {
      throw new NoSuchFileException(image.toString());
    }
    Image picture = BufferedImages.read(image).toRgb();
    float[] out;
    int side;
    try (SavedModelFeatureExtractor fx =
        SavedModelFeatureExtractor.builder(model).preprocessing(prep).build()) {
      side = fx.imageSize();
      if (picture.width() != side || picture.height() != side) {
        throw CliException.failure(
            image
                + ": "
                + picture.width()
                + "x"
                + picture.height()
                + ", the model takes "
                + side
                + "x"
                + side);
      }
      out = fx.embed(picture);
    }
    PrintWriter human = common.human();
    human.printf("%s: %d values for %s (%dx%d)%n", model, out.length, image, side, side);
    human.flush();
    JsonObject json = new JsonObject();
    JsonArray f = new JsonArray(out.length);
    for (float v : out) {
      f.add(v);
    }
    json.add("features", f);
    json.addProperty("size", side);
    common.printJson(json);
    return 0;
  }
}
