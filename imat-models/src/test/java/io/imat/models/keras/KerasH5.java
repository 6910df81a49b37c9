package io.imat.models.keras;

import ai.djl.nn.Block;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes HDF5 files in Keras' {@code save_weights} layout for tests: root attribute {@code
 * layer_names}, one group per layer with attribute {@code weight_names}, datasets at {@code
 * <layer>/<layer>/<weight>:0}.
 */
final class KerasH5 {
  record Tensor(String weight, long[] shape, float[] values) {}

  private final Map<String, List<Tensor>> layers = new LinkedHashMap<>();

  /** Adds a layer without weights (like Keras' activation layers). */
  KerasH5 emptyLayer(String layer) {
    layers.computeIfAbsent(layer, k -> new ArrayList<>());
    return this;
  }

  /** Adds tensor {@code weight} (e.g. {@code kernel}) of {@code layer}, Keras shape and order. */
  KerasH5 tensor(String layer, String weight, long[] shape, float[] values) {
    layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(new Tensor(weight, shape, values));
    return this;
  }

  /**
   * Adds every tensor of {@code network} in Keras layout, named {@code rename(layer)}, with the
   * network's current values (all of them, BN statistics included).
   */
  KerasH5 network(Block network, java.util.function.UnaryOperator<String> rename) {
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
    try (WritableHdfFile f = HdfFile.write(path)) {
      f.putAttribute("layer_names", layers.keySet().toArray(new String[0]));
      f.putAttribute("backend", "tensorflow");
      f.putAttribute("keras_version", "2.2.4");
      for (var e : layers.entrySet()) {
        WritableGroup g = f.putGroup(e.getKey());
        List<String> names = new ArrayList<>();
        WritableGroup inner = e.getValue().isEmpty() ? null : g.putGroup(e.getKey());
        for (Tensor t : e.getValue()) {
          String name = t.weight() + ":0";
          names.add(e.getKey() + "/" + name);
          inner.putDataset(name, reshape(t.values(), t.shape()));
        }
        if (!names.isEmpty()) {
          g.putAttribute("weight_names", names.toArray(new String[0]));
        }
      }
    }
  }

  // jhdf writes nested Java arrays: float[][][][] for a 4-D tensor.
  static Object reshape(float[] flat, long[] shape) {
    if (shape.length == 1) {
      return flat.clone();
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = (int) shape[i];
    }
    Object out = Array.newInstance(float.class, dims);
    fill(out, flat, new int[] {0}, 0, dims);
    return out;
  }

  private static void fill(Object array, float[] flat, int[] pos, int depth, int[] dims) {
    if (depth == dims.length - 1) {
      float[] row = (float[]) array;
      System.arraycopy(flat, pos[0], row, 0, row.length);
      pos[0] += row.length;
      return;
    }
    for (int i = 0; i < dims[depth]; i++) {
      fill(Array.get(array, i), flat, pos, depth + 1, dims);
    }
  }
}
