package io.imat.examples.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import io.imat.models.backbone.Backbone;
import io.imat.models.keras.ImportReport;
import io.imat.models.keras.KerasWeights;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat embed}: the pooled features of one picture through a backbone with Keras weights —
 * the check that imported weights reproduce Keras' {@code model.predict(preprocess_input(x))}.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Print the global-average-pooled features of one picture through a backbone with Keras"
          + " weights imported from an .h5 file (inference mode). The picture is used at its own"
          + " size (no resizing; give it the backbone's input size) after the backbone's Keras"
          + " preprocessing ('caffe' for resnet50, 'tf' for inception_v3 and xception)."
    })
final class EmbedCommand implements Callable<Integer> {
  static {
    // jhdf logs every group it opens at INFO: hundreds of lines for one weight file.
    System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "warn");
  }

  @Mixin CommonOptions common;

  @Option(names = "--backbone", required = true, paramLabel = "NAME", description = "Backbone.")
  String backbone;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "FILE.h5",
      description = "Keras weights (save_weights layout, e.g. *_notop.h5).")
  Path weights;

  @Option(names = "--image", required = true, paramLabel = "PICTURE", description = "Picture.")
  Path image;

  @Option(
      names = "--allow-missing",
      description = "Run even if the file lacks some of the backbone's tensors (they stay random).")
  boolean allowMissing;

  @Override
  public Integer call() throws Exception {
    Backbone bb;
    try {
      bb = Backbone.named(backbone);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    for (Path p : new Path[] {weights, image}) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString());
      }
    }
    Image picture = BufferedImages.read(image).toRgb();
    Preprocessing prep = bb.preprocessing();
    Shape in = new Shape(1, 3, picture.height(), picture.width());
    float[] features;
    ImportReport report;
    try (Model model = Model.newInstance("embed", "PyTorch")) {
      NDManager m = model.getNDManager();
      Block block = bb.newBlock();
      block.initialize(m, DataType.FLOAT32, in);
      report = KerasWeights.of(weights).allowMissing(allowMissing).importInto(block);
      NDArray x = m.create(prep.toChw(picture), in);
      features =
          block
              .forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().contains("size")) {
        throw CliException.failure(
            image + ": " + picture.width() + "x" + picture.height() + " is too small for " + bb);
      }
      throw e;
    }
    PrintWriter out = common.human();
    out.printf("%s %dx%d, %s%n", bb.name(), picture.width(), picture.height(), report.summary());
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < Math.min(8, features.length); i++) {
      head.append(String.format("%.5f ", features[i]));
    }
    out.printf("features (%d): %s...%n", features.length, head);
    out.flush();
    JsonObject json = new JsonObject();
    JsonArray f = new JsonArray(features.length);
    for (float v : features) {
      f.add(v);
    }
    json.add("features", f);
    json.addProperty("backbone", bb.name());
    json.addProperty("width", picture.width());
    json.addProperty("height", picture.height());
    json.addProperty("loadedTensors", report.loadedTensors());
    json.addProperty("missing", report.missing().size());
    json.addProperty("unused", report.unused().size());
    common.printJson(json);
    return 0;
  }
}
