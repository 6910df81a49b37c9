package io.imat.models.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import io.imat.models.Fixtures;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras-like SavedModels built here, loaded and run through DJL's TensorFlow engine. */
@Tag("tensorflow")
class SavedModelTest {
  static final int SIDE = 8;

  @TempDir Path dir;

  static Image picture(long seed) {
    Random r = new Random(seed);
    byte[] rgb = new byte[SIDE * SIDE * 3];
    r.nextBytes(rgb);
    return Image.rgb(SIDE, SIDE, rgb);
  }

  // Per-channel mean of the 'tf'-preprocessed picture, computed here in double precision.
  static double[] pooled(Image p) {
    double[] m = new double[3];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        for (int c = 0; c < 3; c++) {
          m[c] += (p.get(x, y, c) / 127.5 - 1) / (SIDE * SIDE);
        }
      }
    }
    return m;
  }

  @Test
  void featureExtractorReturnsTheSavedModelsOutput() throws IOException {
    Path model = TestSavedModels.export(dir.resolve("fx"), SIDE, null, null, false);
    try (SavedModelFeatureExtractor fx = SavedModelFeatureExtractor.builder(model).build()) {
      assertThat(fx.imageSize()).isEqualTo(SIDE); // read from the signature
      Image a = picture(1);
      Image b = picture(2);
      float[][] both = fx.embed(List.of(a, b));
      float[] one = fx.embed(a);
      double[] want = pooled(a);
      for (int c = 0; c < 3; c++) {
        assertThat((double) one[c]).isCloseTo(want[c], within(1e-5));
        assertThat(both[0][c]).isEqualTo(one[c]);
        assertThat((double) both[1][c]).isCloseTo(pooled(b)[c], within(1e-5));
      }
      assertThatThrownBy(() -> fx.embed(Image.filled(SIDE + 1, SIDE, 1, 2, 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("9x8");
    }
  }

  @Test
  void classifierMapsOutputsToTheTaxonomyInTheGivenLabelOrder() throws IOException {
    Taxonomy taxonomy = Taxonomy.imaterialist2017();
    int k = taxonomy.labelCount();
    Random r = new Random(4);
    float[][] w = new float[3][k];
    float[] bias = new float[k];
    for (int j = 0; j < k; j++) {
      bias[j] = (float) r.nextGaussian();
      for (int c = 0; c < 3; c++) {
        w[c][j] = (float) r.nextGaussian();
      }
    }
    Path model = TestSavedModels.export(dir.resolve("clf"), SIDE, w, bias, false);
    List<String> order = new ArrayList<>(taxonomy.labels().stream().map(Label::id).toList());
    Collections.reverse(order);
    try (SavedModelClassifier clf =
        SavedModelClassifier.builder(model, taxonomy)
            .preprocessing(Preprocessing.tf())
            .labelOrder(order)
            .logits(true)
            .build()) {
      Image p = picture(3);
      float[] probs = clf.probabilities(p);
      double[] m = pooled(p);
      for (int j = 0; j < k; j++) {
        double z = bias[j] + m[0] * w[0][j] + m[1] * w[1][j] + m[2] * w[2][j];
        int label = taxonomy.findLabel(order.get(j)).orElseThrow().index();
        assertThat((double) probs[label]).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-5));
      }

      SyntheticDataset synth = Fixtures.synth(dir.resolve("data"), 24);
      PictureSet pics = Fixtures.validation(synth, dir.resolve("data"));
      Predictions pred = clf.predict(pics);
      assertThat(pred.size()).isEqualTo(pics.available()).isPositive();
    }
  }

  @Test
  void aFolderWithoutSavedModelFailsClearly() {
    assertThatThrownBy(() -> SavedModelFeatureExtractor.builder(dir).build())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a SavedModel directory");
  }
}
