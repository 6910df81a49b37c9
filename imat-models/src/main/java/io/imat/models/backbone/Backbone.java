package io.imat.models.backbone;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import io.imat.augment.image.Preprocessing;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A headless image network: a DJL block that maps a normalised {@code (N, 3, H, W)} batch to pooled
 * features {@code (N, featureSize)}, with the input preprocessing it expects and its default input
 * size. {@link #RESNET50}, {@link #INCEPTION_V3} and {@link #XCEPTION} mirror the Keras
 * applications layer for layer (names included, so Keras weights import by name); {@link #RESNET18}
 * is the small network for CPU demos and tests. Custom backbones: {@link #of}.
 */
public final class Backbone {
  /** ResNet-18 (basic units), torchvision preprocessing, 224 px. */
  public static final Backbone RESNET18 =
      of(
          "resnet18",
          224,
          ResNet.resnet18().featureSize(),
          Preprocessing.torch(),
          () -> ResNet.resnet18().newBlock());

  /** Keras' ResNet50 (bottleneck units, conv biases), 'caffe' preprocessing, 224 px. */
  public static final Backbone RESNET50 =
      of(
          "resnet50",
          224,
          ResNet.resnet50Keras().featureSize(),
          Preprocessing.caffe(),
          () -> ResNet.resnet50Keras().newBlock());

  /** Keras' InceptionV3 (no conv bias, BN without gamma), 'tf' preprocessing, 299 px. */
  public static final Backbone INCEPTION_V3 =
      of("inception_v3", 299, InceptionV3.FEATURE_SIZE, Preprocessing.tf(), InceptionV3::newBlock);

  /** Keras' Xception (separable convolutions), 'tf' preprocessing, 299 px. */
  public static final Backbone XCEPTION =
      of("xception", 299, Xception.FEATURE_SIZE, Preprocessing.tf(), Xception::newBlock);

  private final String name;
  private final int defaultImageSize;
  private final int featureSize;
  private final Preprocessing preprocessing;
  private final Supplier<Block> factory;

  private Backbone(
      String name,
      int defaultImageSize,
      int featureSize,
      Preprocessing preprocessing,
      Supplier<Block> factory) {
    this.name = name;
    this.defaultImageSize = defaultImageSize;
    this.featureSize = featureSize;
    this.preprocessing = preprocessing;
    this.factory = factory;
  }

  /**
   * A custom backbone.
   *
   * @param name a unique lower-case name, stored in saved models
   * @param defaultImageSize the input side it was designed for
   * @param featureSize channels of its pooled output
   * @param preprocessing how pictures are normalised for it
   * @param factory makes a new uninitialised block each call
   */
  public static Backbone of(
      String name,
      int defaultImageSize,
      int featureSize,
      Preprocessing preprocessing,
      Supplier<Block> factory) {
    checkArgument(name.matches("[a-z0-9_]+"), "backbone name '%s' must be [a-z0-9_]+", name);
    checkArgument(defaultImageSize >= 16 && featureSize >= 1, "bad sizes for backbone %s", name);
    return new Backbone(name, defaultImageSize, featureSize, preprocessing, factory);
  }

  /** The built-in backbones. */
  public static ImmutableList<Backbone> builtIn() {
    return ImmutableList.of(RESNET18, RESNET50, INCEPTION_V3, XCEPTION);
  }

  /**
   * The built-in backbone called {@code name} (case-insensitive, {@code -} and {@code _} alike).
   *
   * @throws IllegalArgumentException naming the known ones
   */
  public static Backbone named(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace('-', '_');
    for (Backbone b : builtIn()) {
      if (b.name.equals(key)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown backbone '"
            + name
            + "'; known: "
            + builtIn().stream().map(Backbone::name).toList());
  }

  /** The name, e.g. {@code resnet50}. */
  public String name() {
    return name;
  }

  /** The input side the network was designed for. */
  public int defaultImageSize() {
    return defaultImageSize;
  }

  /** Channels of the pooled features. */
  public int featureSize() {
    return featureSize;
  }

  /** The input normalisation the network expects (Keras' preprocess_input). */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** A new, uninitialised headless block. */
  public Block newBlock() {
    return factory.get();
  }

  @Override
  public String toString() {
    return name;
  }
}
