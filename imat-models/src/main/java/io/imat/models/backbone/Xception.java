package io.imat.models.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.Merge;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.SeparableConv2d;
import io.imat.models.layers.TfMaxPool;

/**
 * Keras' {@code Xception(include_top=False, pooling='avg')}, layer for layer: the entry flow
 * ({@code block1}–{@code block4}), eight middle-flow blocks ({@code block5}–{@code block12}) and
 * the exit flow ({@code block13}, {@code block14}), with Keras' layer names ({@code block1_conv1},
 * {@code block1_conv1_bn}, {@code block2_sepconv1}, {@code block2_sepconv1_bn}, …). The four
 * unnamed residual projections are {@code conv2d_1}…{@code conv2d_4} with {@code
 * batch_normalization_1}…{@code _4}, as Keras auto-names them. Separable convolutions have no bias;
 * batch normalisation has Keras' defaults (epsilon 1e-3). The stride-2 'same' max pooling pads like
 * TensorFlow (the extra cell at the bottom/right when the input side is even). Outputs {@code (N,
 * 2048)}.
 */
public final class Xception {
  /** Channels of the pooled output. */
  public static final int FEATURE_SIZE = 2048;

  private int residuals;

  private Xception() {}

  /** A new, uninitialised headless network. */
  public static Block newBlock() {
    return new Xception().build();
  }

  private Block build() {
    NamedSequential net = new NamedSequential();
    net.add("block1_conv1", conv(32, 3, 2));
    net.add("block1_conv1_bn", bn());
    net.add("block1_conv1_act", Activation.reluBlock());
    net.add("block1_conv2", conv(64, 3, 1));
    net.add("block1_conv2_bn", bn());
    net.add("block1_conv2_act", Activation.reluBlock());

    // Entry flow: the first block has no ReLU before its first separable convolution.
    net.add("add_1", entryBlock(2, 64, 128, 128, false));
    net.add("add_2", entryBlock(3, 128, 256, 256, true));
    net.add("add_3", entryBlock(4, 256, 728, 728, true));
    for (int b = 5; b <= 12; b++) {
      String p = "block" + b;
      NamedSequential main = new NamedSequential();
      for (int s = 1; s <= 3; s++) {
        main.add(p + "_sepconv" + s + "_act", Activation.reluBlock())
            .add(p + "_sepconv" + s, SeparableConv2d.of(728, 728, 3, true, false))
            .add(p + "_sepconv" + s + "_bn", bn());
      }
      net.add(
          "add_" + (b - 1),
          Merge.add().branch("residual", new NamedSequential()).branch("main", main));
    }
    net.add("add_12", entryBlock(13, 728, 728, 1024, true));

    net.add("block14_sepconv1", SeparableConv2d.of(1024, 1536, 3, true, false));
    net.add("block14_sepconv1_bn", bn());
    net.add("block14_sepconv1_act", Activation.reluBlock());
    net.add("block14_sepconv2", SeparableConv2d.of(1536, 2048, 3, true, false));
    net.add("block14_sepconv2_bn", bn());
    net.add("block14_sepconv2_act", Activation.reluBlock());
    net.add("avg_pool", Pool.globalAvgPool2dBlock());
    return net;
  }

  // Two separable convolutions and a stride-2 'same' max pooling, plus a 1x1 stride-2 projection.
  private Block entryBlock(int b, int in, int mid, int out, boolean reluFirst) {
    String p = "block" + b;
    // Keras creates the (auto-named) projection before the main path.
    residuals++;
    NamedSequential residual =
        new NamedSequential()
            .add("conv2d_" + residuals, conv(out, 1, 2))
            .add("batch_normalization_" + residuals, bn());
    NamedSequential main = new NamedSequential();
    if (reluFirst) {
      main.add(p + "_sepconv1_act", Activation.reluBlock());
    }
    main.add(p + "_sepconv1", SeparableConv2d.of(in, mid, 3, true, false))
        .add(p + "_sepconv1_bn", bn())
        .add(p + "_sepconv2_act", Activation.reluBlock())
        .add(p + "_sepconv2", SeparableConv2d.of(mid, out, 3, true, false))
        .add(p + "_sepconv2_bn", bn())
        .add(p + "_pool", TfMaxPool.same(3, 2));
    return Merge.add().branch("main", main).branch("residual", residual);
  }

  // 'valid' convolutions (and 1x1 'same', which pads nothing), no bias.
  private static Conv2d conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optBias(false)
        .build();
  }

  private static KerasBatchNorm bn() {
    return KerasBatchNorm.builder().epsilon(1e-3f).build();
  }
}
