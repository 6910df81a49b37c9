package io.imat.models.backbone;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import io.imat.augment.image.Preprocessing;
import io.imat.models.layers.NamedSequential;
import io.imat.models.train.Unfreeze;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless image network: a DJL block that maps a normalised {@code (N, 3, H, W)} batch to pooled
 * features {@code (N, featureSize)}, with the input preprocessing it expects and its default input
 * size. {@link #RESNET50}, {@link #INCEPTION_V3} and {@link #XCEPTION} mirror the Keras
 * applications layer for layer (names included, so Keras weights import by name); {@link #RESNET18}
 * is the small network for CPU demos and tests; it has no Keras ImageNet weights, so it starts from
 * random weights. Custom backbones: {@link #of}.
 *
 * <p>The built-in backbones also declare their building blocks ({@link #blocks()}: {@code conv1},
 * {@code conv2_block1} … for ResNets, {@code stem}, {@code mixed0} … for Inception v3, {@code
 * block1} … {@code block14} for Xception), so fine-tuning can unfreeze only the top ones ({@link
 * Unfreeze}).
 */
public final class Backbone {
  // Top-level layer name -> the block it starts (empty: it continues the current block).
  private static final Function<String, Optional<String>> RESNET_BLOCKS =
      named(Pattern.compile("^(conv\\d+_block\\d+)$|^(conv1)_|^pool1_pool$"), m -> "conv1");
  private static final Function<String, Optional<String>> INCEPTION_BLOCKS =
      named(Pattern.compile("^(mixed\\d+)$"), m -> "stem");
  private static final Function<String, Optional<String>> XCEPTION_BLOCKS =
      layer -> {
        Matcher m = Pattern.compile("^block(\\d+)_|^add_(\\d+)$").matcher(layer);
        if (!m.find()) {
          return Optional.empty();
        }
        // add_N is the residual sum of block N+1 (block2 is the first with a shortcut).
        return Optional.of(
            m.group(1) != null
                ? "block" + m.group(1)
                : "block" + (Integer.parseInt(m.group(2)) + 1));
      };

  /**
   * ResNet-18 (basic units), torchvision preprocessing, 224 px. There are no Keras ImageNet weights
   * for it: it starts from random weights unless given others.
   */
  public static final Backbone RESNET18 =
      of(
              "resnet18",
              224,
              ResNet.resnet18().featureSize(),
              Preprocessing.torch(),
              () -> ResNet.resnet18().newBlock())
          .withBlocks(RESNET_BLOCKS);

  /** Keras' ResNet50 (bottleneck units, conv biases), 'caffe' preprocessing, 224 px. */
  public static final Backbone RESNET50 =
      of(
              "resnet50",
              224,
              ResNet.resnet50Keras().featureSize(),
              Preprocessing.caffe(),
              () -> ResNet.resnet50Keras().newBlock())
          .withBlocks(RESNET_BLOCKS);

  /** Keras' InceptionV3 (no conv bias, BN without gamma), 'tf' preprocessing, 299 px. */
  public static final Backbone INCEPTION_V3 =
      of("inception_v3", 299, InceptionV3.FEATURE_SIZE, Preprocessing.tf(), InceptionV3::newBlock)
          .withBlocks(INCEPTION_BLOCKS);

  /** Keras' Xception (separable convolutions), 'tf' preprocessing, 299 px. */
  public static final Backbone XCEPTION =
      of("xception", 299, Xception.FEATURE_SIZE, Preprocessing.tf(), Xception::newBlock)
          .withBlocks(XCEPTION_BLOCKS);

  private final String name;
  private final int defaultImageSize;
  private final int featureSize;
  private final Preprocessing preprocessing;
  private final Supplier<Block> factory;
  private final Function<String, Optional<String>> blockNaming;

  private Backbone(
      String name,
      int defaultImageSize,
      int featureSize,
      Preprocessing preprocessing,
      Supplier<Block> factory,
      Function<String, Optional<String>> blockNaming) {
    this.name = name;
    this.defaultImageSize = defaultImageSize;
    this.featureSize = featureSize;
    this.preprocessing = preprocessing;
    this.factory = factory;
    this.blockNaming = blockNaming;
  }

  // A naming rule: the first non-null group of a match names the block; a layer before any block
  // belongs to the stem, named by `stem`.
  private static Function<String, Optional<String>> named(
      Pattern pattern, Function<String, String> stem) {
    return layer -> {
      Matcher m = pattern.matcher(layer);
      if (!m.find()) {
        return Optional.empty();
      }
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          return Optional.of(m.group(g));
        }
      }
      return Optional.of(stem.apply(layer));
    };
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
    return new Backbone(
        name, defaultImageSize, featureSize, preprocessing, factory, layer -> Optional.empty());
  }

  /**
   * A copy that declares its building blocks, for {@link Unfreeze}: its block must be a {@link
   * NamedSequential}, and {@code blockOfLayer} maps the name of each of its top-level layers to the
   * block that layer starts, or to empty when the layer continues the current block. Layers before
   * the first named block form the block {@code stem}.
   */
  public Backbone withBlocks(Function<String, Optional<String>> blockOfLayer) {
    return new Backbone(name, defaultImageSize, featureSize, preprocessing, factory, blockOfLayer);
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

  /**
   * The building blocks, bottom to top ({@code conv1}, {@code conv2_block1}, …, {@code
   * conv5_block3} for ResNet-50); empty when the backbone declares none.
   */
  public ImmutableList<String> blocks() {
    List<String> out = new ArrayList<>();
    for (String b : blockOfEachLayer(newBlock())) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(b)) {
        out.add(b);
      }
    }
    return out.size() <= 1 ? ImmutableList.of() : ImmutableList.copyOf(out);
  }

  /**
   * How many top-level layers of {@code block} (made by {@link #newBlock()}) stay frozen when
   * fine-tuning unfreezes {@code unfreeze}.
   *
   * @throws IllegalArgumentException if {@code unfreeze} names an unknown block, asks for more
   *     blocks than there are, or the backbone declares no blocks and {@code unfreeze} is not
   *     {@link Unfreeze#all()}
   */
  public int frozenLayers(Block block, Unfreeze unfreeze) {
    if (unfreeze.isAll()) {
      return 0;
    }
    ImmutableList<String> blocks = blocks();
    checkArgument(
        !blocks.isEmpty(),
        "backbone %s declares no blocks (Backbone.withBlocks): it can only unfreeze all layers",
        name);
    int frozenBlocks = unfreeze.frozenBlocks(blocks);
    if (frozenBlocks == 0) {
      return 0;
    }
    String firstLearning = blocks.get(frozenBlocks);
    return blockOfEachLayer(block).indexOf(firstLearning);
  }

  // The block of every top-level layer, in order; empty when the backbone declares no blocks.
  private List<String> blockOfEachLayer(Block block) {
    if (!(block instanceof NamedSequential seq)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String current = "stem";
    for (String layer : seq.names()) {
      current = blockNaming.apply(layer).orElse(current);
      out.add(current);
    }
    return out;
  }

  @Override
  public String toString() {
    return name;
  }
}
