package io.imat.models.keras;

import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import com.google.common.collect.ImmutableList;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.SeparableConv2d;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras weights from an HDF5 file ({@code model.save_weights('w.h5')}, a whole {@code
 * model.save('m.h5')}, or the official {@code *_notop.h5} ImageNet files) as a starting point:
 *
 * <pre>{@code
 * Classifier clf = Classifier.builder()
 *     .backbone(Backbone.XCEPTION)
 *     .pretrained(KerasWeights.of(Path.of("xception_weights_tf_dim_ordering_tf_kernels_notop.h5")))
 *     .build();
 * }</pre>
 *
 * Layers are matched by name ({@link KerasLayers}): exactly, or — for ResNet50 files in the classic
 * keras-applications scheme ({@code res2a_branch2a}) — after translation to the TF2 scheme ({@code
 * conv2_block1_1_conv}), and for Keras' auto-named layers ({@code conv2d_N}, {@code
 * batch_normalization_N}) by their rank in the file, whatever number the session started at.
 * Tensors are recognised by name ({@code kernel}, {@code bias}, {@code gamma}, {@code beta}, {@code
 * moving_mean}, {@code moving_variance}, {@code depthwise_kernel}, {@code pointwise_kernel}) and
 * converted from Keras' layout (HWIO kernels, HWC1 depthwise kernels) to DJL's (OIHW, C1HW). Every
 * shape is checked before anything is written; errors name the file and the layer.
 *
 * <p>By default every tensor of the network must be in the file ({@link #allowMissing} relaxes
 * that); file layers the network lacks (a classifier on top) are only reported, but a matched layer
 * must use all its file tensors (a gamma in the file for a layer without one means another
 * architecture). Immutable.
 */
public final class KerasWeights implements PretrainedWeights {
  private static final Logger LOG = LoggerFactory.getLogger(KerasWeights.class);

  private final Path path;
  private final boolean allowMissing;

  private KerasWeights(Path path, boolean allowMissing) {
    this.path = path;
    this.allowMissing = allowMissing;
  }

  /** The weights in {@code path} (read when loaded). */
  public static KerasWeights of(Path path) {
    return new KerasWeights(path, false);
  }

  /**
   * A copy that tolerates network tensors the file lacks (they keep their initial values, and the
   * report lists them) instead of failing.
   */
  public KerasWeights allowMissing(boolean value) {
    return new KerasWeights(path, value);
  }

  /** The weight file. */
  public Path path() {
    return path;
  }

  @Override
  public void loadInto(Block backbone, NDManager manager) throws IOException {
    ImportReport r = importInto(backbone);
    LOG.info("Keras weights {}", r.summary());
  }

  /**
   * Writes the file's weights into {@code network}, which must be initialised.
   *
   * @return what was written and what was not
   * @throws KerasImportException on a wrong shape, a tensor of unknown kind, an unused tensor of a
   *     matched layer, or (unless {@link #allowMissing}) a network tensor missing from the file
   */
  public ImportReport importInto(Block network) throws IOException {
    Map<String, Block> layers = KerasLayers.index(network);
    try (KerasWeightFile file = KerasWeightFile.open(path)) {
      return importInto(layers, file);
    }
  }

  private record Target(WeightRole role, Parameter parameter, int[] perm) {
    long[] djlShape() {
      return parameter.getArray().getShape().getShape();
    }

    long[] kerasShape() {
      return TensorLayout.kerasShape(djlShape(), perm);
    }
  }

  private record Assignment(Target target, KerasWeightFile.Tensor tensor) {}

  private ImportReport importInto(Map<String, Block> layers, KerasWeightFile file)
      throws KerasImportException {
    String where = file.path().toString();
    Map<String, KerasWeightFile.Layer> fileByName = new LinkedHashMap<>();
    for (KerasWeightFile.Layer l : file.layers()) {
      fileByName.put(l.name(), l);
    }
    Map<String, String> fileKeys = KerasNames.keys(fileByName.keySet());
    Map<String, String> netKeys = KerasNames.keys(layers.keySet());
    Map<String, KerasWeightFile.Layer> fileByKey = new LinkedHashMap<>();
    fileKeys.forEach((name, key) -> fileByKey.put(key, fileByName.get(name)));
    boolean classic = fileByName.keySet().stream().anyMatch(KerasNames::isClassicResNet);

    List<String> missing = new ArrayList<>();
    List<String> missingLayers = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    List<String> matchedFileLayers = new ArrayList<>();
    List<String> wrongShapes = new ArrayList<>();
    for (Map.Entry<String, Block> e : layers.entrySet()) {
      String name = e.getKey();
      List<Target> targets = targets(name, e.getValue());
      KerasWeightFile.Layer fl = fileByKey.get(netKeys.get(name));
      if (fl == null) {
        missingLayers.add(name);
        targets.forEach(t -> missing.add(name + "/" + t.role().kerasName()));
        continue;
      }
      matchedFileLayers.add(fl.name());
      Map<WeightRole, KerasWeightFile.Tensor> byRole = roles(where, fl, targets);
      for (Target t : targets) {
        KerasWeightFile.Tensor tensor = byRole.remove(t.role());
        if (tensor == null) {
          missing.add(name + "/" + t.role().kerasName());
          continue;
        }
        if (!Arrays.equals(tensor.shape(), t.kerasShape())) {
          wrongShapes.add(
              String.format(
                  "%s: layer %s: %s has shape %s in the file, the network's layer %s needs %s"
                      + " (Keras layout)",
                  where,
                  fl.name(),
                  tensor.weightName(),
                  Arrays.toString(tensor.shape()),
                  name,
                  Arrays.toString(t.kerasShape())));
          continue;
        }
        assignments.add(new Assignment(t, tensor));
      }
      if (!byRole.isEmpty()) {
        throw new KerasImportException(
            String.format(
                "%s: layer %s: the file has %s, which the network's layer %s (%s) does not have:"
                    + " weights of another architecture?",
                where,
                fl.name(),
                byRole.values().stream().map(KerasWeightFile.Tensor::weightName).toList(),
                name,
                e.getValue().getClass().getSimpleName()));
      }
    }
    List<String> unused = new ArrayList<>();
    for (KerasWeightFile.Layer l : file.layers()) {
      if (!matchedFileLayers.contains(l.name())) {
        l.tensors().forEach(t -> unused.add(l.name() + "/" + shortName(t.weightName())));
      }
    }
    if (assignments.isEmpty() && wrongShapes.isEmpty() && !layers.isEmpty()) {
      throw new KerasImportException(
          String.format(
              "%s: none of its %d weight layers (%s) matches a layer of the network (%s):"
                  + " weights of another architecture?",
              where,
              file.layers().size(),
              ImportReport.sample(
                  ImmutableList.copyOf(
                      file.layers().stream().map(KerasWeightFile.Layer::name).toList())),
              ImportReport.sample(ImmutableList.copyOf(layers.keySet()))));
    }
    if (!missing.isEmpty() && !allowMissing) {
      throw new KerasImportException(
          String.format(
              "%s: %d of the network's %d weight layers are not in the file (%s)%s; %d tensors"
                  + " missing in all (%s). Weights of another architecture? allowMissing(true)"
                  + " loads what matches.",
              where,
              missingLayers.size(),
              layers.size(),
              ImportReport.sample(ImmutableList.copyOf(missingLayers)),
              unused.isEmpty()
                  ? ""
                  : ", and the file has "
                      + unused.size()
                      + " tensors the network has no place for ("
                      + ImportReport.sample(ImmutableList.copyOf(unused))
                      + ")",
              missing.size(),
              ImportReport.sample(ImmutableList.copyOf(missing))));
    }
    if (!wrongShapes.isEmpty()) {
      String more =
          wrongShapes.size() > 1 ? " (and " + (wrongShapes.size() - 1) + " more wrong shapes)" : "";
      throw new KerasImportException(wrongShapes.get(0) + more);
    }
    // Everything checked: now write.
    long values = 0;
    java.util.Set<Parameter> done = new java.util.HashSet<>();
    for (Assignment a : assignments) {
      float[] data = TensorLayout.toDjl(a.tensor().values(), a.tensor().shape(), a.target().perm());
      a.target().parameter().getArray().set(FloatBuffer.wrap(data));
      values += data.length;
      done.add(a.target().parameter());
    }
    int loadedLayers =
        (int) layers.keySet().stream().filter(n -> !missingLayers.contains(n)).count();
    return ImportReport.of(
        where,
        loadedLayers,
        done.size(),
        values,
        classic,
        ImmutableList.copyOf(missing),
        ImmutableList.copyOf(unused));
  }

  /** A tensor of a network layer in Keras' name, shape and layout. */
  record KerasTensor(String weight, long[] shape, float[] values) {}

  /** The tensors of network layer {@code block} as Keras would save them (tests, exports). */
  static List<KerasTensor> kerasTensors(String name, Block block) {
    List<KerasTensor> out = new ArrayList<>();
    for (Target t : targets(name, block)) {
      float[] djl = t.parameter().getArray().toFloatArray();
      out.add(
          new KerasTensor(
              t.role().kerasName(),
              t.kerasShape(),
              TensorLayout.toKeras(djl, t.djlShape(), t.perm())));
    }
    return out;
  }

  private static String shortName(String weightName) {
    String n = weightName.substring(weightName.lastIndexOf('/') + 1);
    int colon = n.lastIndexOf(':');
    return colon >= 0 ? n.substring(0, colon) : n;
  }

  // The file tensors of one layer by role; unnamed (or unknown) tensors fall back to Keras' order.
  private static Map<WeightRole, KerasWeightFile.Tensor> roles(
      String where, KerasWeightFile.Layer layer, List<Target> targets) throws KerasImportException {
    Map<WeightRole, KerasWeightFile.Tensor> out = new EnumMap<>(WeightRole.class);
    boolean allKnown = true;
    for (KerasWeightFile.Tensor t : layer.tensors()) {
      var role = WeightRole.of(layer.name(), t.weightName());
      if (role.isEmpty() || out.containsKey(role.get())) {
        allKnown = false;
        break;
      }
      out.put(role.get(), t);
    }
    if (allKnown) {
      return out;
    }
    if (layer.tensors().size() != targets.size()) {
      throw new KerasImportException(
          String.format(
              "%s: layer %s: cannot tell what its weights %s are",
              where,
              layer.name(),
              layer.tensors().stream().map(KerasWeightFile.Tensor::weightName).toList()));
    }
    out.clear();
    for (int i = 0; i < targets.size(); i++) {
      out.put(targets.get(i).role(), layer.tensors().get(i));
    }
    return out;
  }

  // The tensors of one network layer, in Keras' weight order, with their layout conversions.
  private static List<Target> targets(String name, Block block) {
    checkState(
        block.isInitialized(),
        "initialise the network before importing weights (layer %s is not)",
        name);
    List<Target> out = new ArrayList<>();
    if (block instanceof SeparableConv2d s) {
      add(out, WeightRole.DEPTHWISE_KERNEL, s.depthwise(), "weight", TensorLayout.DEPTHWISE);
      add(out, WeightRole.POINTWISE_KERNEL, s.pointwise(), "weight", TensorLayout.CONV);
      add(out, WeightRole.BIAS, s.pointwise(), "bias", TensorLayout.VECTOR);
    } else if (block instanceof Conv2d) {
      add(out, WeightRole.KERNEL, block, "weight", TensorLayout.CONV);
      add(out, WeightRole.BIAS, block, "bias", TensorLayout.VECTOR);
    } else if (block instanceof Linear) {
      add(out, WeightRole.KERNEL, block, "weight", TensorLayout.DENSE);
      add(out, WeightRole.BIAS, block, "bias", TensorLayout.VECTOR);
    } else if (block instanceof BatchNorm || block instanceof KerasBatchNorm) {
      add(out, WeightRole.GAMMA, block, "gamma", TensorLayout.VECTOR);
      add(out, WeightRole.BETA, block, "beta", TensorLayout.VECTOR);
      add(out, WeightRole.MOVING_MEAN, block, "runningMean", TensorLayout.VECTOR);
      add(out, WeightRole.MOVING_VARIANCE, block, "runningVar", TensorLayout.VECTOR);
    }
    return out;
  }

  private static void add(
      List<Target> out, WeightRole role, Block block, String param, int[] perm) {
    Parameter p = block.getDirectParameters().get(param);
    if (p != null) {
      out.add(new Target(role, p, perm));
    }
  }

  @Override
  public String toString() {
    return "KerasWeights{" + path + (allowMissing ? ", allowMissing" : "") + "}";
  }
}
