package io.imat.models.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.models.backbone.Backbone;
import org.junit.jupiter.api.Test;

class ImagenetFilesTest {
  final ImagenetFiles official = ImagenetFiles.official();

  @Test
  void theOfficialFilesHaveKerasNamesUrlsAndHashes() {
    ImagenetFile resnet = official.forBackbone(Backbone.RESNET50).orElseThrow();
    assertThat(resnet.fileName()).isEqualTo("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
    assertThat(resnet.url())
        .isEqualTo(
            "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
                + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");
    // Both official ResNet50 files: keras.applications.resnet (TF2) and the classic v0.2 one.
    assertThat(resnet.accepts("4d473c1dd8becc155b73f8504c6f6626")).isTrue();
    assertThat(resnet.accepts("A268EB855778B3DF3C7506639542A6AF")).isTrue();
    assertThat(resnet.urls())
        .contains(
            "https://github.com/fchollet/deep-learning-models/releases/download/v0.2/"
                + "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5");

    ImagenetFile inception = official.require("inception_v3");
    assertThat(inception.fileName())
        .isEqualTo("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5");
    assertThat(inception.hashes()).containsExactly("bcbd6486424b2319ff4ef7d526e38f63");

    ImagenetFile xception = official.require("xception");
    assertThat(xception.fileName())
        .isEqualTo("xception_weights_tf_dim_ordering_tf_kernels_notop.h5");
    assertThat(xception.hashes()).containsExactly("b0042744bf5b25fce3cb969f33bebb97");

    assertThat(official.all())
        .extracting(ImagenetFile::backbone)
        .containsExactly("resnet50", "inception_v3", "xception");
    for (ImagenetFile f : official.all()) {
      assertThat(f.urls())
          .allSatisfy(u -> assertThat(u).startsWith("https://").endsWith(f.fileName()));
    }
  }

  @Test
  void resnet18HasNoKerasFile() {
    assertThat(official.forBackbone(Backbone.RESNET18)).isEmpty();
    assertThat(ImagenetWeights.fileFor(Backbone.RESNET18)).isEmpty();
    assertThat(ImagenetWeights.fileFor(Backbone.XCEPTION)).contains(official.require("xception"));
    assertThatThrownBy(() -> official.require("resnet18"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Keras ImageNet file for 'resnet18'")
        .hasMessageContaining("random weights");
    assertThatThrownBy(() -> ImagenetWeights.of(Backbone.RESNET18))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ImagenetFiles.of(official.require("xception"), official.require("xception")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
