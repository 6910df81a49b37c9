package io.imat.examples.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.augment.image.Preprocessing;
import io.imat.models.backbone.Backbone;
import io.imat.models.keras.KerasLayers;
import io.imat.models.weights.CachedFile;
import io.imat.models.weights.ImagenetFile;
import io.imat.models.weights.WeightsCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code imat backbones}: the built-in backbones with their Keras-comparable parameter counts, and
 * whether their official Keras ImageNet file is in the weights cache.
 */
@Command(
    name = "backbones",
    mixinStandardHelpOptions = true,
    description = {
      "List the built-in backbones: parameters of the headless network (every tensor, batch-norm"
          + " moving statistics included, as Keras counts them), default input size, feature size,"
          + " preprocessing and number of weight layers; and each one's official Keras ImageNet"
          + " file: where imat finds it ($IMAT_WEIGHTS, ~/.keras/models, imat's cache), missing"
          + " (`imat weights fetch NAME`), or none — resnet18 starts from random weights. Then the"
          + " building blocks each backbone can unfreeze (`imat train --unfreeze N|BLOCK`)."
    })
final class BackbonesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  private final WeightsCache weights;

  BackbonesCommand() {
    this(WeightsCache.defaults());
  }

  /** With another weights cache (tests). */
  BackbonesCommand(WeightsCache weights) {
    this.weights = weights;
  }

  @Override
  public Integer call() {
    PrintWriter out = common.human();
    JsonObject json = new JsonObject();
    out.printf(
        "%-14s %12s %8s %8s %-13s %6s  %s%n",
        "backbone", "params", "size", "features", "preprocessing", "layers", "imagenet weights");
    for (Backbone b : Backbone.builtIn()) {
      long params = 0;
      int layers;
      try (Model model = Model.newInstance("backbones", "PyTorch")) {
        Block block = b.newBlock();
        // Parameter shapes do not depend on the input side; a small one keeps this quick.
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 96, 96));
        for (var p : block.getParameters()) {
          params += p.getValue().getArray().size();
        }
        layers = KerasLayers.index(block).size();
      }
      String prep = preprocessingName(b.preprocessing());
      JsonObject o = new JsonObject();
      o.addProperty("params", params);
      o.addProperty("defaultSize", b.defaultImageSize());
      o.addProperty("featureSize", b.featureSize());
      o.addProperty("preprocessing", prep);
      o.addProperty("layers", layers);
      Optional<ImagenetFile> file = weights.files().forBackbone(b);
      Optional<Path> found = Optional.empty();
      String imagenet = "none: starts from random weights";
      if (file.isPresent()) {
        CachedFile c = check(file.get());
        found = c.isOk() ? c.path() : Optional.empty();
        imagenet =
            switch (c.state()) {
              case OK -> c.path().orElseThrow().toString();
              case WRONG_HASH -> "wrong hash: " + c.path().orElseThrow();
              case MISSING -> "missing (imat weights fetch " + b.name() + ")";
            };
      }
      o.addProperty("imagenetFile", file.map(ImagenetFile::fileName).orElse(null));
      o.addProperty("imagenetWeights", found.map(Path::toString).orElse(null));
      JsonArray blocks = new JsonArray();
      b.blocks().forEach(blocks::add);
      o.add("blocks", blocks);
      json.add(b.name(), o);
      out.printf(
          "%-14s %,12d %8d %8d %-13s %6d  %s%n",
          b.name(), params, b.defaultImageSize(), b.featureSize(), prep, layers, imagenet);
    }
    out.println();
    out.println("blocks, bottom to top (imat train --unfreeze N keeps all but the top N frozen):");
    for (Backbone b : Backbone.builtIn()) {
      out.printf("%-14s %s%n", b.name(), String.join(" ", b.blocks()));
    }
    out.flush();
    WeightsCommand.printJsonWithNulls(common, json);
    return 0;
  }

  // A weight file that cannot be read stops the listing with its one-line cause.
  private CachedFile check(ImagenetFile file) {
    try {
      return weights.check(file);
    } catch (IOException e) {
      throw CliException.failure(Failures.oneLine(e));
    }
  }

  /** Keras' name of a preset ({@code caffe}, {@code tf}, {@code torch}), else its description. */
  static String preprocessingName(Preprocessing p) {
    String s = p.toString();
    if (s.equals(Preprocessing.caffe().toString())) {
      return "caffe";
    }
    if (s.equals(Preprocessing.tf().toString())) {
      return "tf";
    }
    if (s.equals(Preprocessing.torch().toString())) {
      return "torch";
    }
    return s;
  }
}
