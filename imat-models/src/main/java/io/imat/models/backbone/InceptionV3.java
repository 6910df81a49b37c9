package io.imat.models.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.Merge;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.TfAvgPool;

/**
 * Keras' {@code InceptionV3(include_top=False, pooling='avg')}, layer for layer: 94 convolutions
 * without bias, each followed by batch normalisation without gamma ({@code scale=False}, epsilon
 * 1e-3) and ReLU; the eleven {@code mixed0}…{@code mixed10} blocks concatenate their branches on
 * the channel axis. Layers are named as keras.applications names them when the model is the first
 * one built in a session: {@code conv2d_1}…{@code conv2d_94}, {@code batch_normalization_1}…, in
 * the order Keras creates them, so weight import can match them by name. Every 'same' layer has
 * stride 1 and an odd window, so its padding is symmetric; the stride-2 layers are 'valid'. The
 * branch pooling is 'same' 3×3 average pooling that, like TensorFlow, averages only real cells.
 * Outputs {@code (N, 2048)}.
 */
public final class InceptionV3 {
  /** Channels of the pooled output. */
  public static final int FEATURE_SIZE = 2048;

  // Keras' auto-naming counters while one block is built.
  private int convs;
  private int maxPools;
  private int avgPools;

  private InceptionV3() {}

  /** A new, uninitialised headless network. */
  public static Block newBlock() {
    return new InceptionV3().build();
  }

  private Block build() {
    NamedSequential net = new NamedSequential();
    convBn(net, 32, 3, 3, 2, false);
    convBn(net, 32, 3, 3, 1, false);
    convBn(net, 64, 3, 3, 1, true);
    net.add(nextMaxPool(), Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
    convBn(net, 80, 1, 1, 1, false);
    convBn(net, 192, 3, 3, 1, false);
    net.add(nextMaxPool(), Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));

    // mixed 0, 1, 2: 35 x 35 x 256 / 288
    for (int i = 0; i < 3; i++) {
      Merge m = Merge.concat();
      m.branch("branch1x1", convBn(new NamedSequential(), 64, 1, 1, 1, true));
      NamedSequential b5 = new NamedSequential();
      convBn(b5, 48, 1, 1, 1, true);
      convBn(b5, 64, 5, 5, 1, true);
      m.branch("branch5x5", b5);
      NamedSequential b3 = new NamedSequential();
      convBn(b3, 64, 1, 1, 1, true);
      convBn(b3, 96, 3, 3, 1, true);
      convBn(b3, 96, 3, 3, 1, true);
      m.branch("branch3x3dbl", b3);
      m.branch("branch_pool", poolBranch(i == 0 ? 32 : 64));
      net.add("mixed" + i, m);
    }

    // mixed 3: 17 x 17 x 768
    Merge m3 = Merge.concat();
    m3.branch("branch3x3", convBn(new NamedSequential(), 384, 3, 3, 2, false));
    NamedSequential b3dbl = new NamedSequential();
    convBn(b3dbl, 64, 1, 1, 1, true);
    convBn(b3dbl, 96, 3, 3, 1, true);
    convBn(b3dbl, 96, 3, 3, 2, false);
    m3.branch("branch3x3dbl", b3dbl);
    m3.branch(
        "branch_pool",
        new NamedSequential()
            .add(nextMaxPool(), Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2))));
    net.add("mixed3", m3);

    // mixed 4, 5, 6, 7: 17 x 17 x 768
    int[] widths = {128, 160, 160, 192};
    for (int i = 0; i < widths.length; i++) {
      int w = widths[i];
      Merge m = Merge.concat();
      m.branch("branch1x1", convBn(new NamedSequential(), 192, 1, 1, 1, true));
      NamedSequential b7 = new NamedSequential();
      convBn(b7, w, 1, 1, 1, true);
      convBn(b7, w, 1, 7, 1, true);
      convBn(b7, 192, 7, 1, 1, true);
      m.branch("branch7x7", b7);
      NamedSequential b7dbl = new NamedSequential();
      convBn(b7dbl, w, 1, 1, 1, true);
      convBn(b7dbl, w, 7, 1, 1, true);
      convBn(b7dbl, w, 1, 7, 1, true);
      convBn(b7dbl, w, 7, 1, 1, true);
      convBn(b7dbl, 192, 1, 7, 1, true);
      m.branch("branch7x7dbl", b7dbl);
      m.branch("branch_pool", poolBranch(192));
      net.add("mixed" + (4 + i), m);
    }

    // mixed 8: 8 x 8 x 1280
    Merge m8 = Merge.concat();
    NamedSequential b3 = new NamedSequential();
    convBn(b3, 192, 1, 1, 1, true);
    convBn(b3, 320, 3, 3, 2, false);
    m8.branch("branch3x3", b3);
    NamedSequential b7x3 = new NamedSequential();
    convBn(b7x3, 192, 1, 1, 1, true);
    convBn(b7x3, 192, 1, 7, 1, true);
    convBn(b7x3, 192, 7, 1, 1, true);
    convBn(b7x3, 192, 3, 3, 2, false);
    m8.branch("branch7x7x3", b7x3);
    m8.branch(
        "branch_pool",
        new NamedSequential()
            .add(nextMaxPool(), Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2))));
    net.add("mixed8", m8);

    // mixed 9, 10: 8 x 8 x 2048
    for (int i = 0; i < 2; i++) {
      Merge m = Merge.concat();
      m.branch("branch1x1", convBn(new NamedSequential(), 320, 1, 1, 1, true));
      NamedSequential b3x3 = new NamedSequential();
      convBn(b3x3, 384, 1, 1, 1, true);
      Merge split = Merge.concat();
      split.branch("branch3x3_1", convBn(new NamedSequential(), 384, 1, 3, 1, true));
      split.branch("branch3x3_2", convBn(new NamedSequential(), 384, 3, 1, 1, true));
      b3x3.add("mixed9_" + i, split);
      m.branch("branch3x3", b3x3);
      NamedSequential b3x3dbl = new NamedSequential();
      convBn(b3x3dbl, 448, 1, 1, 1, true);
      convBn(b3x3dbl, 384, 3, 3, 1, true);
      Merge splitDbl = Merge.concat();
      splitDbl.branch("branch3x3dbl_1", convBn(new NamedSequential(), 384, 1, 3, 1, true));
      splitDbl.branch("branch3x3dbl_2", convBn(new NamedSequential(), 384, 3, 1, 1, true));
      b3x3dbl.add("concatenate_" + (i + 1), splitDbl);
      m.branch("branch3x3dbl", b3x3dbl);
      m.branch("branch_pool", poolBranch(192));
      net.add("mixed" + (9 + i), m);
    }
    net.add("avg_pool", Pool.globalAvgPool2dBlock());
    return net;
  }

  private NamedSequential poolBranch(int filters) {
    NamedSequential b = new NamedSequential();
    avgPools++;
    // TF's 'same' average pooling divides by the number of real cells under the window.
    b.add("average_pooling2d_" + avgPools, TfAvgPool.same(3));
    return convBn(b, filters, 1, 1, 1, true);
  }

  private String nextMaxPool() {
    maxPools++;
    return "max_pooling2d_" + maxPools;
  }

  // Keras' conv2d_bn: Conv2D (no bias) + BatchNormalization(scale=False) + ReLU.
  private NamedSequential convBn(
      NamedSequential seq, int filters, int rows, int cols, int stride, boolean same) {
    convs++;
    seq.add(
        "conv2d_" + convs,
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(rows, cols))
            .optStride(new Shape(stride, stride))
            .optPadding(same ? new Shape((rows - 1) / 2, (cols - 1) / 2) : new Shape(0, 0))
            .optBias(false)
            .build());
    seq.add(
        "batch_normalization_" + convs,
        KerasBatchNorm.builder().scale(false).epsilon(1e-3f).build());
    seq.add("activation_" + convs, Activation.reluBlock());
    return seq;
  }
}
