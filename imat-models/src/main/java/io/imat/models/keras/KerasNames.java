package io.imat.models.keras;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How layer names in a weight file are matched with a network's layer names, beyond equality.
 *
 * <ul>
 *   <li>ResNet50 files exist in two naming schemes: TF2 Keras ({@code conv1_conv}, {@code
 *       conv2_block1_1_conv}, {@code conv2_block1_0_bn}) and classic keras-applications ({@code
 *       conv1}, {@code bn_conv1}, {@code res2a_branch2a}, {@code bn2a_branch1}). Classic names are
 *       translated to TF2 ones.
 *   <li>Layers Keras names automatically ({@code conv2d_7}, {@code batch_normalization_7}) carry a
 *       session counter: Keras 2 starts at 1, TF2 Keras at 0 with no suffix for the first ({@code
 *       conv2d}, {@code conv2d_1}, …), and a model built after another starts higher. Within each
 *       such family, names are matched by rank: the k-th smallest number on one side with the k-th
 *       on the other. Keras numbers layers in creation order, which imat's backbones follow.
 * </ul>
 */
final class KerasNames {
  private static final Pattern CLASSIC_RES =
      Pattern.compile("^(res|bn)(\\d)([a-z])_branch(1|2a|2b|2c)$");
  private static final Pattern AUTO =
      Pattern.compile(
          "^(conv2d|batch_normalization|separable_conv2d|depthwise_conv2d|dense)(?:_(\\d+))?$");

  private KerasNames() {}

  /** {@code name} in the TF2 ResNet scheme if it is a classic keras-applications ResNet name. */
  static String modernResNet(String name) {
    switch (name) {
      case "conv1":
        return "conv1_conv";
      case "bn_conv1":
        return "conv1_bn";
      case "fc1000":
        return "predictions";
      default:
        break;
    }
    Matcher m = CLASSIC_RES.matcher(name);
    if (!m.matches()) {
      return name;
    }
    int block = m.group(3).charAt(0) - 'a' + 1;
    int part =
        switch (m.group(4)) {
          case "1" -> 0;
          case "2a" -> 1;
          case "2b" -> 2;
          default -> 3;
        };
    String kind = m.group(1).equals("res") ? "conv" : "bn";
    return "conv" + m.group(2) + "_block" + block + "_" + part + "_" + kind;
  }

  /** Whether {@code name} is a classic keras-applications ResNet layer name. */
  static boolean isClassicResNet(String name) {
    return !modernResNet(name).equals(name);
  }

  /**
   * The matching key of each of {@code names} (one side: a file or a network), in input order.
   * Equal keys on both sides mean the same layer.
   */
  static Map<String, String> keys(Collection<String> names) {
    Map<String, List<Integer>> numbers = new HashMap<>();
    for (String n : names) {
      Matcher m = AUTO.matcher(n);
      if (m.matches()) {
        numbers.computeIfAbsent(m.group(1), f -> new ArrayList<>()).add(number(m));
      }
    }
    numbers.values().forEach(l -> l.sort(null));
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      Matcher m = AUTO.matcher(n);
      if (m.matches()) {
        int rank = numbers.get(m.group(1)).indexOf(number(m)) + 1;
        out.put(n, m.group(1) + "#" + rank);
      } else {
        out.put(n, modernResNet(n));
      }
    }
    return out;
  }

  private static int number(Matcher m) {
    return m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
  }
}
