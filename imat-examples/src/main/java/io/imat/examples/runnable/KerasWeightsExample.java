package io.imat.examples.runnable;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import io.imat.models.backbone.Backbone;
import io.imat.models.keras.ImportReport;
import io.imat.models.keras.KerasWeights;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.NamedSequential;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras-exact backbones and Keras {@code .h5} weight import. Prints the parameter counts of the
 * headless ResNet50, InceptionV3 and Xception (every tensor, batch-norm statistics included: Keras'
 * own counts), then imports weights with {@link KerasWeights} and prints the {@link ImportReport}:
 * from a real {@code *_notop.h5} given as argument (ResNet50, InceptionV3 or Xception, told apart
 * by file name), or else from a tiny file in Keras' {@code save_weights} layout written here for a
 * two-layer network, checking that a kernel value arrived at its transposed place (HWIO → OIHW).
 *
 * <p>Run: {@code ./imat example keras [WEIGHTS_notop.h5 | DIR]} (DIR: working directory for the
 * tiny file, default a new temporary one). A few seconds.
 */
public final class KerasWeightsExample {
  private KerasWeightsExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network
    try (Model model = Model.newInstance("keras", "PyTorch")) { // owns the networks' memory
      for (Backbone b : List.of(Backbone.RESNET50, Backbone.INCEPTION_V3, Backbone.XCEPTION)) {
        Block net = b.newBlock(); // parameter shapes do not depend on the input side: 96 px
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 96, 96));
        long n = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
        System.out.printf("%-13s %,d parameters, %d px input%n", b.name(), n, b.defaultImageSize());
      }

      if (args.length > 0 && args[0].endsWith(".h5")) { // a real Keras file
        Path h5 = Path.of(args[0]);
        String file = h5.getFileName().toString().toLowerCase();
        Backbone b =
            file.contains("xception")
                ? Backbone.XCEPTION
                : file.contains("inception") ? Backbone.INCEPTION_V3 : Backbone.RESNET50;
        Block net = b.newBlock();
        int side = b.defaultImageSize();
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, side, side));
        ImportReport r = KerasWeights.of(h5).importInto(net);
        System.out.println(b.name() + " <- " + r.summary() + "; complete: " + r.isComplete());
        return;
      }

      // A tiny network with Keras layer names: a 3x3 conv (3 -> 4 channels, bias), a batch norm.
      Conv2d conv = Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build();
      Block net =
          new NamedSequential()
              .add("stem_conv", conv)
              .add("stem_bn", KerasBatchNorm.builder().build());
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 8, 8));
      float[][][][] kernel = new float[3][3][3][4]; // Keras layout: height, width, in, out
      kernel[1][2][0][3] = 0.5f;
      float[] zeros = new float[4];
      float[] ones = {1, 1, 1, 1};
      Path dir =
          args.length > 0
              ? Files.createDirectories(Path.of(args[0]))
              : Files.createTempDirectory("imat-keras-");
      Path h5 = dir.resolve("tiny_weights.h5");
      try (WritableHdfFile f = HdfFile.write(h5)) { // what Keras' model.save_weights() writes
        f.putAttribute("layer_names", new String[] {"stem_conv", "stem_bn"});
        layer(f, "stem_conv", Map.of("kernel", kernel, "bias", zeros));
        layer(
            f,
            "stem_bn",
            Map.of("gamma", ones, "beta", zeros, "moving_mean", zeros, "moving_variance", ones));
      }
      ImportReport r = KerasWeights.of(h5).importInto(net);
      System.out.println("tiny network <- " + r.summary() + "; complete: " + r.isComplete());
      float moved = conv.getParameters().get("weight").getArray().getFloat(3, 0, 1, 2); // OIHW
      System.out.println("Keras kernel[1][2][0][3] = 0.5 is DJL weight[3][0][1][2] = " + moved);
    }
  }

  /** One layer: attribute NAME/weight_names, datasets NAME/NAME/WEIGHT:0. */
  private static void layer(WritableHdfFile f, String name, Map<String, Object> weights) {
    WritableGroup g = f.putGroup(name);
    g.putAttribute(
        "weight_names",
        weights.keySet().stream().map(w -> name + "/" + w + ":0").toArray(String[]::new));
    WritableGroup inner = g.putGroup(name);
    weights.forEach((w, values) -> inner.putDataset(w + ":0", values));
  }
}
