package io.imat.models.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.imat.models.Fixtures;
import io.imat.models.keras.KerasLayers;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImagenetWeights} resolves its file in the cache, checks it, and imports it. */
class ImagenetWeightsTest {
  static final String NAME = "tiny_notop.h5";
  static final float VALUE = 0.375f;

  @TempDir Path tmp;

  static final Map<String, String> KERAS_NAMES =
      Map.of(
          "weight", "kernel",
          "bias", "bias",
          "gamma", "gamma",
          "beta", "beta",
          "runningMean", "moving_mean",
          "runningVar", "moving_variance");

  /**
   * Writes every tensor of {@code net} in Keras' save_weights layout, each value {@link #VALUE}.
   */
  static void writeConstantKerasFile(Block net, Path file) {
    try (WritableHdfFile f = HdfFile.write(file)) {
      Map<String, Block> layers = KerasLayers.index(net);
      f.putAttribute("layer_names", layers.keySet().toArray(new String[0]));
      for (var layer : layers.entrySet()) {
        String name = layer.getKey();
        WritableGroup g = f.putGroup(name);
        WritableGroup inner = g.putGroup(name);
        List<String> weightNames = new ArrayList<>();
        for (var p : layer.getValue().getDirectParameters()) {
          String keras = KERAS_NAMES.get(p.getKey());
          long[] s = p.getValue().getArray().getShape().getShape();
          // OIHW -> HWIO: values are all equal, so only the shape needs Keras' order.
          long[] shape = s.length == 4 ? new long[] {s[2], s[3], s[1], s[0]} : s;
          inner.putDataset(keras + ":0", constant(shape));
          weightNames.add(name + "/" + keras + ":0");
        }
        g.putAttribute("weight_names", weightNames.toArray(new String[0]));
      }
    }
  }

  static Object constant(long[] shape) {
    int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    Object a = Array.newInstance(float.class, dims);
    fill(a);
    return a;
  }

  static void fill(Object a) {
    if (a instanceof float[] f) {
      Arrays.fill(f, VALUE);
      return;
    }
    for (int i = 0; i < Array.getLength(a); i++) {
      fill(Array.get(a, i));
    }
  }

  static String md5(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
  }

  WeightsCache cacheWith(String hash) {
    return WeightsCache.builder()
        .environment(Map.of("IMAT_WEIGHTS", tmp.resolve("w").toString()))
        .homeDirectory(tmp.resolve("home"))
        .files(
            ImagenetFiles.of(
                ImagenetFile.of(
                    "tiny", NAME, List.of("https://example.org/" + NAME), List.of(hash))))
        .build();
  }

  @Test
  void loadIntoImportsTheCheckedFileFromTheCache() throws Exception {
    Files.createDirectories(tmp.resolve("w"));
    Path file = tmp.resolve("w").resolve(NAME);
    try (Model m = Model.newInstance("src", "PyTorch")) {
      Block net = Fixtures.TINY.newBlock();
      net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
      writeConstantKerasFile(net, file);
    }
    WeightsCache cache = cacheWith(md5(file));
    ImagenetWeights w = ImagenetWeights.of(Fixtures.TINY, cache);
    assertThat(w.resolve()).isEqualTo(file);
    assertThat(ImagenetWeights.isAvailable(Fixtures.TINY, cache)).isTrue();
    assertThat(w).hasToString("imagenet(tiny)");

    try (Model m = Model.newInstance("dst", "PyTorch")) {
      Block net = Fixtures.TINY.newBlock();
      net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
      w.loadInto(net, m.getNDManager());
      List<Parameter> params = new ArrayList<>();
      net.getParameters().forEach(p -> params.add(p.getValue()));
      assertThat(params).isNotEmpty();
      for (Parameter p : params) {
        assertThat(p.getArray().toFloatArray()).as(p.getName()).containsOnly(VALUE);
      }
    }
  }

  @Test
  void loadIntoFailsBeforeImportingWhenTheFileIsMissingOrWrong() throws Exception {
    WeightsCache empty = cacheWith("0".repeat(32));
    assertThat(ImagenetWeights.isAvailable(Fixtures.TINY, empty)).isFalse();
    assertThatThrownBy(() -> ImagenetWeights.of(Fixtures.TINY, empty).loadInto(null, null))
        .isInstanceOf(WeightsNotFoundException.class)
        .hasMessageContaining(NAME)
        .hasMessageContaining("https://example.org/" + NAME);

    Files.createDirectories(tmp.resolve("w"));
    Path file = Files.writeString(tmp.resolve("w").resolve(NAME), "not hdf5");
    assertThat(ImagenetWeights.isAvailable(Fixtures.TINY, empty)).isFalse();
    assertThatThrownBy(() -> ImagenetWeights.of(Fixtures.TINY, empty).loadInto(null, null))
        .isInstanceOf(WeightsHashException.class);

    // With the right hash the file is handed to KerasWeights, which names it in its error.
    WeightsCache right = cacheWith(md5(file));
    try (Model m = Model.newInstance("dst", "PyTorch")) {
      Block net = Fixtures.TINY.newBlock();
      net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
      assertThatThrownBy(
              () -> ImagenetWeights.of(Fixtures.TINY, right).loadInto(net, m.getNDManager()))
          .hasMessageContaining(file.toString())
          .isNotInstanceOf(WeightsException.class);
    }
  }

  @Test
  void noKerasFileMeansNotAvailable() {
    WeightsCache cache = cacheWith("0".repeat(32));
    assertThat(ImagenetWeights.isAvailable(io.imat.models.backbone.Backbone.RESNET18, cache))
        .isFalse();
    assertThatThrownBy(() -> ImagenetWeights.of(io.imat.models.backbone.Backbone.RESNET50, cache))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resnet50");
  }
}
