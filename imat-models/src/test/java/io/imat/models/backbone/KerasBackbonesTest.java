package io.imat.models.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.imat.augment.image.Preprocessing;
import io.imat.models.keras.KerasLayers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KerasBackbonesTest {
  private static long count(Backbone b) {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      Block block = b.newBlock();
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 96, 96));
      return BackboneTest.parameterCount(block);
    }
  }

  @Test
  void inceptionV3MatchesKerasParameterCount() {
    // keras.applications.InceptionV3(include_top=False).count_params(), BN moving stats included.
    assertThat(count(Backbone.INCEPTION_V3)).isEqualTo(21_802_784L);
  }

  @Test
  void xceptionMatchesKerasParameterCount() {
    assertThat(count(Backbone.XCEPTION)).isEqualTo(20_861_480L);
  }

  @Test
  void builtInsAreRegisteredWithKerasPreprocessingAndSizes() {
    assertThat(Backbone.named("inception_v3")).isSameAs(Backbone.INCEPTION_V3);
    assertThat(Backbone.named("Inception-V3")).isSameAs(Backbone.INCEPTION_V3);
    assertThat(Backbone.named("xception")).isSameAs(Backbone.XCEPTION);
    assertThat(Backbone.INCEPTION_V3.defaultImageSize()).isEqualTo(299);
    assertThat(Backbone.XCEPTION.defaultImageSize()).isEqualTo(299);
    assertThat(Backbone.RESNET50.defaultImageSize()).isEqualTo(224);
    assertThat(Backbone.INCEPTION_V3.preprocessing().toString())
        .isEqualTo(Preprocessing.tf().toString());
    assertThat(Backbone.XCEPTION.preprocessing().toString())
        .isEqualTo(Preprocessing.tf().toString());
    assertThat(Backbone.RESNET50.preprocessing().toString())
        .isEqualTo(Preprocessing.caffe().toString());
  }

  @Test
  void layersCarryKerasNames() {
    Map<String, Block> inception = KerasLayers.index(Backbone.INCEPTION_V3.newBlock());
    assertThat(inception).containsKeys("conv2d_1", "batch_normalization_1", "conv2d_94");
    assertThat(inception).doesNotContainKeys("conv2d_0", "conv2d_95", "conv2d");
    assertThat(inception).hasSize(94 * 2);
    Map<String, Block> xception = KerasLayers.index(Backbone.XCEPTION.newBlock());
    assertThat(xception)
        .containsKeys(
            "block1_conv1",
            "block1_conv1_bn",
            "block2_sepconv1",
            "block2_sepconv1_bn",
            "block12_sepconv3",
            "block14_sepconv2_bn",
            "conv2d_1",
            "conv2d_4",
            "batch_normalization_4");
    assertThat(xception).doesNotContainKey("conv2d_5");
    Map<String, Block> resnet = KerasLayers.index(Backbone.RESNET50.newBlock());
    assertThat(resnet).containsKeys("conv1_conv", "conv2_block1_0_bn", "conv5_block3_3_conv");
    assertThat(resnet).hasSize(53 * 2);
  }

  @Test
  void smallPicturesGoThroughEveryKerasBackbone() {
    // Keras' minimum sides: 75 for InceptionV3, 71 for Xception (odd and even sides exercised).
    for (Backbone b : new Backbone[] {Backbone.INCEPTION_V3, Backbone.XCEPTION}) {
      for (int side : new int[] {75, 80}) {
        try (Model model = Model.newInstance("t", "PyTorch")) {
          NDManager m = model.getNDManager();
          Block block = b.newBlock();
          Shape in = new Shape(1, 3, side, side);
          block.initialize(m, DataType.FLOAT32, in);
          NDArray x = m.randomUniform(-1, 1, in);
          NDArray y =
              block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
          assertThat(y.getShape()).as(b + " at " + side).isEqualTo(new Shape(1, 2048));
          assertThat(block.getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(1, 2048));
        }
      }
    }
  }
}
