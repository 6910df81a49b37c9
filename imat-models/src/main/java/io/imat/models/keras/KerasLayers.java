package io.imat.models.keras;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.SeparableConv2d;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the Keras layers inside a DJL block tree: every weight-bearing block ({@link Conv2d},
 * {@link SeparableConv2d}, {@link BatchNorm}, {@link KerasBatchNorm}, {@link Linear}) under the
 * name its parent gave it — the Keras layer name for imat's backbones. DJL prefixes child names
 * with their position ({@code 01conv1_conv}); that prefix is dropped. Container names ({@code
 * mixed0}, {@code main}, …) play no part.
 */
public final class KerasLayers {
  // DJL's AbstractBlock.addChildBlock names children String.format("%02d%s", position, name).
  private static final Pattern POSITION = Pattern.compile("^\\d{2,}");

  private KerasLayers() {}

  /**
   * The weight layers of {@code root} by Keras name, in network order.
   *
   * @throws IllegalArgumentException if two layers share a name (weight import would be ambiguous)
   */
  public static Map<String, Block> index(Block root) {
    Map<String, Block> out = new LinkedHashMap<>();
    collect(root, out);
    return out;
  }

  /** Whether {@code block} holds Keras weights itself (its children are not separate layers). */
  public static boolean isWeightLayer(Block block) {
    return block instanceof Conv2d
        || block instanceof SeparableConv2d
        || block instanceof BatchNorm
        || block instanceof KerasBatchNorm
        || block instanceof Linear;
  }

  /** {@code childName} without DJL's position prefix. */
  static String layerName(String childName) {
    return POSITION.matcher(childName).replaceFirst("");
  }

  private static void collect(Block block, Map<String, Block> out) {
    for (var child : block.getChildren()) {
      Block b = child.getValue();
      if (isWeightLayer(b)) {
        String name = layerName(child.getKey());
        if (out.put(name, b) != null) {
          throw new IllegalArgumentException("two layers are named '" + name + "'");
        }
      } else {
        collect(b, out);
      }
    }
  }
}
