package io.imat.models.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.imat.models.backbone.Backbone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ResNet50 weight files in both naming schemes: TF2 Keras ({@code conv2_block1_1_conv}) and classic
 * keras-applications ({@code res2a_branch2a}, {@code bn2a_branch1}). A whole ResNet50 (23.6 M
 * values) is written in the classic scheme and imported into a differently initialised one.
 */
class ResNet50NamingTest {
  private static final Pattern TF2 = Pattern.compile("conv(\\d)_block(\\d)_(\\d)_(conv|bn)");

  @TempDir Path dir;

  /** The classic keras-applications name of a TF2 ResNet layer name. */
  static String classic(String tf2) {
    switch (tf2) {
      case "conv1_conv":
        return "conv1";
      case "conv1_bn":
        return "bn_conv1";
      default:
        break;
    }
    Matcher m = TF2.matcher(tf2);
    assertThat(m.matches()).as(tf2).isTrue();
    String unit = m.group(1) + (char) ('a' + Integer.parseInt(m.group(2)) - 1);
    String branch =
        switch (m.group(3)) {
          case "0" -> "1";
          case "1" -> "2a";
          case "2" -> "2b";
          default -> "2c";
        };
    return (m.group(4).equals("conv") ? "res" : "bn") + unit + "_branch" + branch;
  }

  @Test
  void classicNamesTranslateToTf2Names() {
    assertThat(KerasNames.modernResNet("res2a_branch2a")).isEqualTo("conv2_block1_1_conv");
    assertThat(KerasNames.modernResNet("bn2a_branch1")).isEqualTo("conv2_block1_0_bn");
    assertThat(KerasNames.modernResNet("res4f_branch2c")).isEqualTo("conv4_block6_3_conv");
    assertThat(KerasNames.modernResNet("bn_conv1")).isEqualTo("conv1_bn");
    assertThat(KerasNames.modernResNet("conv1")).isEqualTo("conv1_conv");
    assertThat(KerasNames.modernResNet("conv2_block1_1_conv")).isEqualTo("conv2_block1_1_conv");
    assertThat(classic("conv5_block3_0_bn")).isEqualTo("bn5c_branch1");
  }

  @Test
  void wholeResNet50InClassicNamesImportsExactly() throws IOException {
    try (Model model = Model.newInstance("r", "PyTorch")) {
      NDManager m = model.getNDManager();
      Shape in = new Shape(1, 3, 64, 64);
      Block source = Backbone.RESNET50.newBlock();
      source.setInitializer(new NormalInitializer(0.05f), ai.djl.nn.Parameter.Type.WEIGHT);
      source.initialize(m, DataType.FLOAT32, in);
      // Non-trivial BN statistics, so a mix-up of mean/variance or gamma/beta would show.
      for (var p : source.getParameters()) {
        NDArray a = p.getValue().getArray();
        if (a.getShape().dimension() == 1) {
          a.set(m.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
        }
      }
      Path file = dir.resolve("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
      new KerasH5().network(source, ResNet50NamingTest::classic).write(file);

      Block target = Backbone.RESNET50.newBlock();
      target.initialize(m, DataType.FLOAT32, in);
      ImportReport r = KerasWeights.of(file).importInto(target);

      assertThat(r.isComplete()).as(r.summary()).isTrue();
      assertThat(r.classicResNetNames()).isTrue();
      assertThat(r.loadedLayers()).isEqualTo(106);
      assertThat(r.loadedValues()).isEqualTo(23_587_712L);
      NDArray x = m.randomUniform(-1, 1, in);
      ParameterStore ps = new ParameterStore(m, false);
      float[] want = source.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] got = target.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      assertThat(got).containsExactly(want);
    }
  }

  @Test
  void partialFilesInEitherSchemeListTheRestAsMissing() throws IOException {
    try (Model model = Model.newInstance("r", "PyTorch")) {
      NDManager m = model.getNDManager();
      Block net = Backbone.RESNET50.newBlock();
      net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      var layers = KerasLayers.index(net);
      for (boolean classicNames : new boolean[] {false, true}) {
        KerasH5 h5 = new KerasH5();
        for (String layer : new String[] {"conv1_conv", "conv1_bn", "conv2_block1_0_bn"}) {
          String name = classicNames ? classic(layer) : layer;
          for (var t : KerasWeights.kerasTensors(layer, layers.get(layer))) {
            float[] v = t.values().clone();
            java.util.Arrays.fill(v, 0.25f);
            h5.tensor(name, t.weight(), t.shape(), v);
          }
        }
        Path file = dir.resolve("partial-" + classicNames + ".h5");
        h5.write(file);
        ImportReport r = KerasWeights.of(file).allowMissing(true).importInto(net);
        assertThat(r.classicResNetNames()).isEqualTo(classicNames);
        assertThat(r.loadedLayers()).isEqualTo(3);
        assertThat(r.loadedTensors()).isEqualTo(2 + 4 + 4);
        assertThat(r.unused()).isEmpty();
        assertThat(r.missing())
            .hasSize(53 * 2 + 53 * 4 - 10)
            .contains("conv2_block1_1_conv/kernel", "conv5_block3_3_bn/moving_variance")
            .doesNotContain("conv1_conv/kernel", "conv2_block1_0_bn/gamma");
        float[] gamma =
            layers
                .get("conv2_block1_0_bn")
                .getDirectParameters()
                .get("gamma")
                .getArray()
                .toFloatArray();
        assertThat(gamma).containsOnly(0.25f);
      }
    }
  }
}
