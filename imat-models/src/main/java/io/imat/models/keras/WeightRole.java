package io.imat.models.keras;

import java.util.Locale;
import java.util.Optional;

/**
 * What a Keras weight tensor is for, recognised from its name in the file: {@code
 * conv1_conv/kernel:0} is a {@link #KERNEL}. Keras 1 names ({@code conv1_W:0}, {@code
 * bn_conv1_running_std:0}, which despite the name held the variance) are understood too.
 */
enum WeightRole {
  KERNEL("kernel"),
  BIAS("bias"),
  GAMMA("gamma"),
  BETA("beta"),
  MOVING_MEAN("moving_mean"),
  MOVING_VARIANCE("moving_variance"),
  DEPTHWISE_KERNEL("depthwise_kernel"),
  POINTWISE_KERNEL("pointwise_kernel");

  private final String kerasName;

  WeightRole(String kerasName) {
    this.kerasName = kerasName;
  }

  /** The Keras 2 weight name, e.g. {@code moving_mean}. */
  String kerasName() {
    return kerasName;
  }

  /**
   * The role of the weight {@code weightName} (e.g. {@code conv1/conv1/kernel:0}) of layer {@code
   * layer}, if recognised.
   */
  static Optional<WeightRole> of(String layer, String weightName) {
    String n = weightName;
    int colon = n.lastIndexOf(':');
    if (colon >= 0) {
      n = n.substring(0, colon);
    }
    n = n.substring(n.lastIndexOf('/') + 1);
    if (n.startsWith(layer + "_")) {
      n = n.substring(layer.length() + 1); // Keras 1: <layer>_W
    }
    switch (n.toLowerCase(Locale.ROOT)) {
      case "kernel":
      case "w":
        return Optional.of(KERNEL);
      case "bias":
      case "b":
        return Optional.of(BIAS);
      case "gamma":
        return Optional.of(GAMMA);
      case "beta":
        return Optional.of(BETA);
      case "moving_mean":
      case "running_mean":
        return Optional.of(MOVING_MEAN);
      case "moving_variance":
      case "running_std":
      case "running_var":
        return Optional.of(MOVING_VARIANCE);
      case "depthwise_kernel":
        return Optional.of(DEPTHWISE_KERNEL);
      case "pointwise_kernel":
        return Optional.of(POINTWISE_KERNEL);
      default:
        return Optional.empty();
    }
  }
}
