package io.imat.models.keras;

import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Builds HDF5 files in Keras' {@code save_weights} layout for tests, through {@link
 * KerasWeightsWriter}: arbitrary layers and tensors (to test what the importer rejects) or a whole
 * network under renamed layers.
 */
final class KerasH5 {
  private final KerasWeightsWriter writer = new KerasWeightsWriter();

  /** Adds a layer without weights (like Keras' activation layers). */
  KerasH5 emptyLayer(String layer) {
    writer.emptyLayer(layer);
    return this;
  }

  /** Adds tensor {@code weight} (e.g. {@code kernel}) of {@code layer}, Keras shape and order. */
  KerasH5 tensor(String layer, String weight, long[] shape, float[] values) {
    writer.tensor(layer, weight, shape, values);
    return this;
  }

  /**
   * Adds every tensor of {@code network} in Keras layout, named {@code rename(layer)}, with the
   * network's current values (all of them, BN statistics included).
   */
  KerasH5 network(Block network, UnaryOperator<String> rename) {
    for (var e : KerasLayers.index(network).entrySet()) {
      String layer = rename.apply(e.getKey());
      for (var t : KerasWeights.kerasTensors(e.getKey(), e.getValue())) {
        tensor(layer, t.weight(), t.shape(), t.values());
      }
    }
    return this;
  }

  /** Random values for a tensor of {@code shape}. */
  static float[] random(Random r, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  void write(Path path) {
    try {
      writer.write(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
