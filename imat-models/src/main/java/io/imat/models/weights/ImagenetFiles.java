package io.imat.models.weights;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.imat.models.backbone.Backbone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry of {@link ImagenetFile}s by backbone name: {@link #official()} holds the Keras files
 * of {@link Backbone#RESNET50}, {@link Backbone#INCEPTION_V3} and {@link Backbone#XCEPTION}; tests
 * and mirrors build their own with {@link #of}. {@link Backbone#RESNET18} has no Keras file and
 * starts from random weights. Immutable.
 */
public final class ImagenetFiles {
  private static final String GOOGLEAPIS =
      "https://storage.googleapis.com/tensorflow/keras-applications/";
  private static final String FCHOLLET =
      "https://github.com/fchollet/deep-learning-models/releases/download/";

  /*
   * The URLs and hashes below are copied from the keras.applications sources:
   *
   * - keras-team/keras v3.15.0, keras/src/applications/resnet.py (BASE_WEIGHTS_PATH,
   *   WEIGHTS_HASHES["resnet50"][1]), inception_v3.py and xception.py (WEIGHTS_PATH_NO_TOP and the
   *   file_hash of the notop get_file); the same values in keras v2.15.0 keras/applications/.
   * - keras-team/keras-applications 1.0.8, keras_applications/resnet_common.py (ResNet50 from the
   *   GitHub release "resnet", same hash as above), inception_v3.py (fchollet v0.5), xception.py
   *   (fchollet v0.4), resnet50.py (fchollet v0.2, md5_hash a268eb85...: the classic file with
   *   layer names like res2a_branch2a, the one Keras 2.0-2.2 and the 2017 competitors used; keras
   *   2.0.8 keras/applications/resnet50.py has the same URL and hash).
   *
   * The two ResNet50 files share a name but not their content; KerasWeights imports both.
   */
  private static final ImagenetFiles OFFICIAL =
      of(
          ImagenetFile.of(
              "resnet50",
              "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
              List.of(
                  GOOGLEAPIS + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
                  "https://github.com/keras-team/keras-applications/releases/download/resnet/"
                      + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
                  FCHOLLET + "v0.2/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"),
              List.of("4d473c1dd8becc155b73f8504c6f6626", "a268eb855778b3df3c7506639542a6af")),
          ImagenetFile.of(
              "inception_v3",
              "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
              List.of(
                  GOOGLEAPIS
                      + "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5",
                  FCHOLLET + "v0.5/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5"),
              List.of("bcbd6486424b2319ff4ef7d526e38f63")),
          ImagenetFile.of(
              "xception",
              "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
              List.of(
                  GOOGLEAPIS + "xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
                  FCHOLLET + "v0.4/xception_weights_tf_dim_ordering_tf_kernels_notop.h5"),
              List.of("b0042744bf5b25fce3cb969f33bebb97")));

  private final ImmutableMap<String, ImagenetFile> byBackbone;

  private ImagenetFiles(ImmutableMap<String, ImagenetFile> byBackbone) {
    this.byBackbone = byBackbone;
  }

  /** The official Keras {@code *_notop.h5} files of the built-in Keras backbones. */
  public static ImagenetFiles official() {
    return OFFICIAL;
  }

  /**
   * A registry of {@code files}.
   *
   * @throws IllegalArgumentException if two files are for the same backbone
   */
  public static ImagenetFiles of(ImagenetFile... files) {
    return of(List.of(files));
  }

  /**
   * A registry of {@code files}.
   *
   * @throws IllegalArgumentException if two files are for the same backbone
   */
  public static ImagenetFiles of(Iterable<ImagenetFile> files) {
    Map<String, ImagenetFile> m = new LinkedHashMap<>();
    for (ImagenetFile f : files) {
      checkArgument(m.put(f.backbone(), f) == null, "two files for backbone %s", f.backbone());
    }
    return new ImagenetFiles(ImmutableMap.copyOf(m));
  }

  /** Every file, in registration order. */
  public ImmutableList<ImagenetFile> all() {
    return byBackbone.values().asList();
  }

  /** The file of {@code backbone}, if it has one. */
  public Optional<ImagenetFile> forBackbone(Backbone backbone) {
    return forBackbone(backbone.name());
  }

  /** The file of the backbone called {@code name} (e.g. {@code xception}), if it has one. */
  public Optional<ImagenetFile> forBackbone(String name) {
    return Optional.ofNullable(byBackbone.get(name));
  }

  /**
   * The file of the backbone called {@code name}.
   *
   * @throws IllegalArgumentException naming the backbones that have a file
   */
  public ImagenetFile require(String name) {
    ImagenetFile f = byBackbone.get(name);
    checkArgument(
        f != null,
        "no Keras ImageNet file for '%s'; there is one for %s (other backbones start from random"
            + " weights)",
        name,
        byBackbone.keySet());
    return f;
  }

  @Override
  public String toString() {
    return "ImagenetFiles" + byBackbone.keySet();
  }
}
