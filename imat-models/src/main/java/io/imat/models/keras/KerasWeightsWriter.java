package io.imat.models.keras;

import ai.djl.nn.Block;
import io.imat.api.io.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes weights in Keras' {@code save_weights} HDF5 layout — root attribute {@code layer_names},
 * one group per layer with attribute {@code weight_names}, datasets at {@code
 * <layer>/<layer>/<weight>:0} in Keras' tensor layouts — so a backbone trained with imat can be
 * loaded by Keras ({@code model.load_weights(file, by_name=True)}) or by imat again ({@link
 * KerasWeights}, e.g. to fine-tune a model pre-trained on a related task).
 *
 * <pre>{@code
 * KerasWeightsWriter.write(model.network().backbone(), Path.of("backbone.h5"));
 * Classifier.builder().backbone(b).pretrained(Path.of("backbone.h5"))...
 * }</pre>
 */
public final class KerasWeightsWriter {
  /** One tensor: its Keras weight name ({@code kernel}), Keras shape and row-major values. */
  record Tensor(String weight, long[] shape, float[] values) {}

  private final Map<String, List<Tensor>> layers = new LinkedHashMap<>();

  KerasWeightsWriter() {}

  /**
   * Writes every weight layer of {@code network} (an initialised block; batch-norm moving
   * statistics included) under its Keras name, atomically.
   */
  public static void write(Block network, Path file) throws IOException {
    KerasWeightsWriter w = new KerasWeightsWriter();
    for (var e : KerasLayers.index(network).entrySet()) {
      for (var t : KerasWeights.kerasTensors(e.getKey(), e.getValue())) {
        w.tensor(e.getKey(), t.weight(), t.shape(), t.values());
      }
    }
    w.write(file);
  }

  /** Adds a layer without weights (like Keras' activation layers). */
  KerasWeightsWriter emptyLayer(String layer) {
    layers.computeIfAbsent(layer, k -> new ArrayList<>());
    return this;
  }

  /** Adds tensor {@code weight} (e.g. {@code kernel}) of {@code layer}, Keras shape and order. */
  KerasWeightsWriter tensor(String layer, String weight, long[] shape, float[] values) {
    layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(new Tensor(weight, shape, values));
    return this;
  }

  /** Writes the layers added so far to {@code file}, atomically. */
  void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // jhdf writes to a path: a temporary one next to the target, renamed when complete.
    Path tmp = Files.createTempFile(dir, AtomicFiles.TEMP_PREFIX, ".h5");
    try {
      try (WritableHdfFile f = HdfFile.write(tmp)) {
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
      AtomicFiles.move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // jhdf writes nested Java arrays: float[][][][] for a 4-D tensor.
  private static Object reshape(float[] flat, long[] shape) {
    if (shape.length == 1) {
      return flat.clone();
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = Math.toIntExact(shape[i]);
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
