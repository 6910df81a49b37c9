package io.imat.models.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import io.imat.models.keras.KerasLayers;
import io.imat.models.layers.Merge;
import io.imat.models.layers.NamedSequential;
import io.imat.models.train.Unfreeze;
import org.junit.jupiter.api.Test;

/** The building blocks of the Keras backbones, as {@link Unfreeze} names them. */
class BackboneBlocksTest {
  @Test
  void theKerasBackbonesListTheirBlocksBottomToTop() {
    assertThat(Backbone.INCEPTION_V3.blocks())
        .containsExactly(
            "stem", "mixed0", "mixed1", "mixed2", "mixed3", "mixed4", "mixed5", "mixed6", "mixed7",
            "mixed8", "mixed9", "mixed10");
    assertThat(Backbone.RESNET50.blocks())
        .hasSize(17)
        .startsWith("conv1", "conv2_block1", "conv2_block2", "conv2_block3", "conv3_block1")
        .endsWith("conv5_block3");
    assertThat(Backbone.XCEPTION.blocks()).hasSize(14).startsWith("block1", "block2");
    assertThat(Backbone.XCEPTION.blocks()).endsWith("block13", "block14");
    assertThat(Backbone.RESNET18.blocks()).hasSize(9).endsWith("conv5_block2");
  }

  @Test
  void topTwoInceptionBlocksFreezeTheFirst249KerasLayersAsInTheKerasGuide() {
    // keras.io, "Fine-tune InceptionV3 on a new set of classes": "we chose to train the top 2
    // inception blocks, i.e. we will freeze the first 249 layers" (model.layers[:249], the input
    // layer included). Count Keras layers in the frozen part of our layout the way Keras does: one
    // per convolution, batch norm, activation, pooling and concatenation.
    Block net = Backbone.INCEPTION_V3.newBlock();
    int frozen = Backbone.INCEPTION_V3.frozenLayers(net, Unfreeze.topBlocks(2));
    NamedSequential seq = (NamedSequential) net;
    assertThat(seq.names().get(frozen)).isEqualTo("mixed9");
    int kerasLayers = 1; // input_1
    for (int i = 0; i < frozen; i++) {
      kerasLayers += kerasLayerCount(seq.get(i));
    }
    assertThat(kerasLayers).isEqualTo(249);
    assertThat(Backbone.INCEPTION_V3.frozenLayers(net, Unfreeze.fromBlock("mixed9")))
        .isEqualTo(frozen);
  }

  @Test
  void everyBlockNameAndCountIsCheckedAgainstTheBackbone() {
    Block net = Backbone.XCEPTION.newBlock();
    assertThat(Backbone.XCEPTION.frozenLayers(net, Unfreeze.all())).isZero();
    assertThat(Backbone.XCEPTION.frozenLayers(net, Unfreeze.topBlocks(14))).isZero();
    NamedSequential seq = (NamedSequential) net;
    int topOne = Backbone.XCEPTION.frozenLayers(net, Unfreeze.topBlocks(1));
    assertThat(seq.names().get(topOne)).isEqualTo("block14_sepconv1");
    assertThat(seq.names().get(topOne - 1)).isEqualTo("add_12");
    assertThatThrownBy(() -> Backbone.XCEPTION.frozenLayers(net, Unfreeze.topBlocks(15)))
        .hasMessageContaining("only 14");
    assertThatThrownBy(() -> Backbone.XCEPTION.frozenLayers(net, Unfreeze.fromBlock("mixed9")))
        .hasMessageContaining("block1");
    Backbone custom =
        Backbone.of(
            "custom", 32, 512, Backbone.RESNET18.preprocessing(), Backbone.RESNET18::newBlock);
    assertThat(custom.blocks()).isEmpty();
    assertThatThrownBy(() -> custom.frozenLayers(custom.newBlock(), Unfreeze.topBlocks(1)))
        .hasMessageContaining("declares no blocks");
  }

  @Test
  void unfreezeParsesTheCliForms() {
    assertThat(Unfreeze.parse("all")).isEqualTo(Unfreeze.all());
    assertThat(Unfreeze.parse("2")).isEqualTo(Unfreeze.topBlocks(2));
    assertThat(Unfreeze.parse("mixed9")).isEqualTo(Unfreeze.fromBlock("mixed9"));
    assertThat(Unfreeze.parse("mixed9").toString()).isEqualTo("mixed9");
    assertThatThrownBy(() -> Unfreeze.parse("0")).hasMessageContaining("at least one");
  }

  // Keras layers in a block of imat's layout: weight layers, activations and poolings count one
  // each, a branch merge counts one (Keras' Concatenate / Add), containers count their content.
  private static int kerasLayerCount(Block b) {
    if (KerasLayers.isWeightLayer(b) || b.getChildren().isEmpty()) {
      return 1;
    }
    int n = b instanceof Merge ? 1 : 0;
    for (var c : b.getChildren().values()) {
      n += kerasLayerCount(c);
    }
    return n;
  }
}
