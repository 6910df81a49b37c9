package io.imat.models.backbone;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.Residual;
import java.util.Arrays;

/**
 * ResNet v1 (He et al. 2015) with Keras layer names: {@code conv1_conv}, {@code conv1_bn}, {@code
 * conv2_block1_1_conv}, …, {@code conv5_block3_3_bn}; the shortcut projection of a stage's first
 * unit is {@code _0_conv}/{@code _0_bn}. Bottleneck units put the stride on their first 1×1
 * convolution, as Keras' ResNet50 does. The block is headless: it ends with global average pooling
 * and outputs {@code (N, featureSize)}.
 */
public final class ResNet {
  private final boolean bottleneck;
  private final int[] units;
  private final int width;
  private final boolean convBias;
  private final float bnEpsilon;
  private final float bnMomentum;

  private ResNet(Builder b) {
    this.bottleneck = b.bottleneck;
    this.units = b.units.clone();
    this.width = b.width;
    this.convBias = b.convBias;
    this.bnEpsilon = b.bnEpsilon;
    this.bnMomentum = b.bnMomentum;
  }

  /** A builder; see {@link #resnet50Keras()} and {@link #resnet18()} for the standard ones. */
  public static Builder builder() {
    return new Builder();
  }

  /** Keras' ResNet50: bottleneck units 3-4-6-3, convolutions with biases, BN epsilon 1.001e-5. */
  public static ResNet resnet50Keras() {
    return builder()
        .bottleneck(true)
        .units(3, 4, 6, 3)
        .convBias(true)
        .bnEpsilon(1.001e-5f)
        .bnMomentum(0.99f)
        .build();
  }

  /** ResNet-18: basic units 2-2-2-2 without convolution biases (torchvision's layout). */
  public static ResNet resnet18() {
    return builder().bottleneck(false).units(2, 2, 2, 2).convBias(false).build();
  }

  /** Channels of the pooled output. */
  public int featureSize() {
    int last = width << (units.length - 1);
    return bottleneck ? last * 4 : last;
  }

  /** A new, uninitialised headless network. */
  public Block newBlock() {
    NamedSequential net = new NamedSequential();
    net.add("conv1_conv", conv(width, 7, 2, 3));
    net.add("conv1_bn", bn());
    net.add("conv1_relu", Activation.reluBlock());
    net.add("pool1_pool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    int in = width;
    for (int s = 0; s < units.length; s++) {
      int filters = width << s;
      for (int u = 0; u < units[s]; u++) {
        String name = "conv" + (s + 2) + "_block" + (u + 1);
        int stride = (u == 0 && s > 0) ? 2 : 1;
        int out = bottleneck ? filters * 4 : filters;
        net.add(name, unit(name, filters, stride, in != out || stride != 1));
        in = out;
      }
    }
    net.add("avg_pool", Pool.globalAvgPool2dBlock());
    return net;
  }

  private Block unit(String name, int filters, int stride, boolean project) {
    NamedSequential main = new NamedSequential();
    if (bottleneck) {
      main.add(name + "_1_conv", conv(filters, 1, stride, 0))
          .add(name + "_1_bn", bn())
          .add(name + "_1_relu", Activation.reluBlock())
          .add(name + "_2_conv", conv(filters, 3, 1, 1))
          .add(name + "_2_bn", bn())
          .add(name + "_2_relu", Activation.reluBlock())
          .add(name + "_3_conv", conv(filters * 4, 1, 1, 0))
          .add(name + "_3_bn", bn());
    } else {
      main.add(name + "_1_conv", conv(filters, 3, stride, 1))
          .add(name + "_1_bn", bn())
          .add(name + "_1_relu", Activation.reluBlock())
          .add(name + "_2_conv", conv(filters, 3, 1, 1))
          .add(name + "_2_bn", bn());
    }
    NamedSequential shortcut = new NamedSequential();
    if (project) {
      int out = bottleneck ? filters * 4 : filters;
      shortcut.add(name + "_0_conv", conv(out, 1, stride, 0)).add(name + "_0_bn", bn());
    }
    return new Residual(main, shortcut);
  }

  private Conv2d conv(int filters, int kernel, int stride, int pad) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .optBias(convBias)
        .build();
  }

  private KerasBatchNorm bn() {
    return KerasBatchNorm.builder().epsilon(bnEpsilon).momentum(bnMomentum).build();
  }

  @Override
  public String toString() {
    return String.format(
        "ResNet{%s %s, width %d, bias %s}",
        bottleneck ? "bottleneck" : "basic", Arrays.toString(units), width, convBias);
  }

  /** Options of a ResNet. */
  public static final class Builder {
    private boolean bottleneck = true;
    private int[] units = {3, 4, 6, 3};
    private int width = 64;
    private boolean convBias = false;
    private float bnEpsilon = 1e-5f;
    private float bnMomentum = 0.9f;

    private Builder() {}

    /** Bottleneck (1×1, 3×3, 1×1) units, or basic (3×3, 3×3) units. */
    public Builder bottleneck(boolean value) {
      this.bottleneck = value;
      return this;
    }

    /** Units per stage, e.g. 3, 4, 6, 3. */
    public Builder units(int... value) {
      checkArgument(value.length >= 1, "need at least one stage");
      for (int u : value) {
        checkArgument(u >= 1, "every stage needs at least one unit");
      }
      this.units = value.clone();
      return this;
    }

    /** Channels of the stem and the first stage (64 in the paper); doubles every stage. */
    public Builder width(int value) {
      checkArgument(value >= 1, "width must be positive");
      this.width = value;
      return this;
    }

    /** Whether convolutions have biases (Keras' ResNet50 does, torchvision's does not). */
    public Builder convBias(boolean value) {
      this.convBias = value;
      return this;
    }

    /** Batch-norm epsilon. */
    public Builder bnEpsilon(float value) {
      checkArgument(value > 0, "epsilon must be positive");
      this.bnEpsilon = value;
      return this;
    }

    /**
     * Batch-norm momentum of the moving statistics, Keras convention: {@code moving = m·moving + (1
     * − m)·batch}.
     */
    public Builder bnMomentum(float value) {
      checkArgument(value >= 0 && value < 1, "momentum must be in [0, 1)");
      this.bnMomentum = value;
      return this;
    }

    /** Builds the description. */
    public ResNet build() {
      return new ResNet(this);
    }
  }
}
