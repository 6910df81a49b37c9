package io.imat.models.keras;

import com.google.common.collect.ImmutableList;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The weight tensors of a Keras HDF5 file in the {@code save_weights} layout: the root (or, for a
 * whole saved model, its {@code model_weights} group) lists the layers in the attribute {@code
 * layer_names}; each layer's group lists its tensors in the attribute {@code weight_names}, paths
 * relative to the group ({@code conv1_conv/kernel:0}). Tensor data is read only when asked for.
 * Holds the file open: close it.
 */
final class KerasWeightFile implements AutoCloseable {
  /** One tensor of a layer. */
  record Tensor(String layer, String weightName, long[] shape, Dataset dataset, long maxBytes) {
    /** The values, row-major in {@link #shape()}, as floats. */
    float[] values() throws KerasImportException {
      Object flat;
      try {
        checkSize(dataset.getSizeInBytes(), maxBytes, layer + "/" + weightName);
        flat = dataset.getDataFlat();
      } catch (RuntimeException e) {
        // Tensor data is read last: a corrupt data header or chunk index shows only now.
        throw new KerasImportException(
            dataset.getFileAsPath() + ": " + this + ": unreadable tensor data: " + e.getMessage(),
            e);
      }
      if (flat instanceof float[] f) {
        return f;
      }
      if (flat instanceof double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          f[i] = (float) d[i];
        }
        return f;
      }
      throw new KerasImportException(
          dataset.getFileAsPath()
              + ": "
              + this
              + ": unsupported data type "
              + dataset.getJavaType());
    }

    @Override
    public String toString() {
      return layer + "/" + weightName + Arrays.toString(shape);
    }
  }

  // A corrupt header must not make the reader allocate gigabytes: the fuzzer found 2 GB allocated
  // for a 333 KB file. No dataset or attribute may claim more than MAX_EXPANSION times the file's
  // size (Keras writes weights uncompressed: real data fits in the file).
  private static final long MAX_EXPANSION = 16;

  private static void checkSize(long bytes, long maxBytes, String what) {
    if (bytes < 0 || bytes > maxBytes) {
      throw new IllegalStateException(
          what + " claims " + bytes + " bytes, more than a file of this size can hold");
    }
  }

  /** One layer with weights. */
  record Layer(String name, ImmutableList<Tensor> tensors) {}

  private final Path path;
  private final HdfFile file;
  private final ImmutableList<Layer> layers;

  private KerasWeightFile(Path path, HdfFile file, ImmutableList<Layer> layers) {
    this.path = path;
    this.file = file;
    this.layers = layers;
  }

  /**
   * Opens {@code path}.
   *
   * @throws KerasImportException if it is not HDF5 or not in Keras' layout
   */
  static KerasWeightFile open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    HdfFile file;
    try {
      file = new HdfFile(path);
    } catch (RuntimeException e) {
      throw new KerasImportException(path + ": not an HDF5 file (" + e.getMessage() + ")", e);
    }
    try {
      long maxBytes = MAX_EXPANSION * Files.size(path) + (1 << 20);
      return new KerasWeightFile(path, file, readLayers(path, file, maxBytes));
    } catch (IOException | RuntimeException e) {
      file.close();
      if (e instanceof KerasImportException k) {
        throw k;
      }
      throw new KerasImportException(path + ": unreadable Keras weights: " + e.getMessage(), e);
    }
  }

  private static ImmutableList<Layer> readLayers(Path path, HdfFile file, long maxBytes)
      throws IOException {
    Group root = file;
    if (root.getAttribute("layer_names") == null
        && root.getChild("model_weights") instanceof Group g) {
      root = g; // a whole model saved with model.save()
    }
    String[] names = strings(root.getAttribute("layer_names"), maxBytes);
    if (names == null) {
      throw new KerasImportException(
          path + ": not Keras weights: no 'layer_names' attribute at the root or in model_weights");
    }
    ImmutableList.Builder<Layer> out = ImmutableList.builder();
    for (String name : names) {
      Node node = root.getChild(name);
      if (!(node instanceof Group layer)) {
        throw new KerasImportException(
            path + ": layer '" + name + "' is listed in layer_names but has no group");
      }
      String[] weightNames = strings(layer.getAttribute("weight_names"), maxBytes);
      if (weightNames == null || weightNames.length == 0) {
        continue;
      }
      List<Tensor> tensors = new ArrayList<>();
      for (String w : weightNames) {
        Node data = layer.getByPath(w);
        if (!(data instanceof Dataset d)) {
          throw new KerasImportException(
              path + ": layer '" + name + "': weight '" + w + "' is listed but not stored");
        }
        int[] dims = d.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
          shape[i] = dims[i];
        }
        tensors.add(new Tensor(name, w, shape, d, maxBytes));
      }
      out.add(new Layer(name, ImmutableList.copyOf(tensors)));
    }
    return out.build();
  }

  // A string-array attribute (fixed- or variable-length), or null if absent or empty.
  private static String @Nullable [] strings(@Nullable Attribute a, long maxBytes) {
    if (a == null || a.isEmpty()) {
      return null;
    }
    checkSize(a.getSizeInBytes(), maxBytes, "attribute " + a.getName());
    Object data = a.getData();
    if (data instanceof String[] s) {
      return s;
    }
    if (data instanceof String s) {
      return new String[] {s};
    }
    return null;
  }

  /** The file. */
  Path path() {
    return path;
  }

  /** The layers that have weights, in the file's order. */
  ImmutableList<Layer> layers() {
    return layers;
  }

  @Override
  public void close() {
    file.close();
  }
}
