package io.imat.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.augment.Augmenters;
import io.imat.metrics.TopOneError;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.EpochStats;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir.resolve("data"), 160);
  }

  @Test
  void overfitsATinySet() throws Exception {
    // 48 training pictures, no augmentation, no dropout: the training error must collapse.
    ImatDataset small = synth.train().subset(java.util.stream.IntStream.range(0, 48).toArray());
    PictureSet pics = PictureSet.of(small, dir.resolve("data/images"));
    Classifier c =
        Fixtures.tinyClassifier()
            .head(Head.sigmoid().withDropout(0f))
            .epochs(40)
            .adam(1e-2)
            .build();
    try (TrainedModel m = c.train(pics, null)) {
      Predictions p = m.predict(pics);
      double before = TopOneError.of(small).score(emptyLike(p)).score();
      double after = TopOneError.of(small).score(p).score();
      assertThat(after).as("train error after, prior-only error %s", before).isLessThan(0.08);
      assertThat(before).isGreaterThan(0.3);
    }
  }

  @Test
  void warmupFreezesTheBackboneBitForBitAndTrainsTheHead() throws Exception {
    Classifier c = Fixtures.tinyClassifier().epochs(1).warmupEpochs(1).build();
    Classifier none =
        Fixtures.tinyClassifier().epochs(1).warmupEpochs(1).warmupLearningRate(1e-12).build();
    // Same seed, same initial weights: compare the warm-up result with a run that barely moves.
    try (TrainedModel warm = c.train(Fixtures.train(synth, dir.resolve("data")), null);
        TrainedModel still = none.train(Fixtures.train(synth, dir.resolve("data")), null)) {
      Map<String, float[]> a = parameters(warm.network().backbone());
      Map<String, float[]> b = parameters(still.network().backbone());
      assertThat(a.keySet()).isEqualTo(b.keySet()).isNotEmpty();
      // Every backbone tensor, batch-norm moving statistics included, is bit-identical.
      a.forEach((k, v) -> assertThat(v).as(k).containsExactly(b.get(k)));
      Map<String, float[]> ha = parameters(warm.network().head());
      Map<String, float[]> hb = parameters(still.network().head());
      assertThat(ha).isNotEmpty();
      assertThat(ha.keySet()).anySatisfy(k -> assertThat(ha.get(k)).isNotEqualTo(hb.get(k)));
      assertThat(warm.history().epochs().get(0).warmup()).isTrue();
    }
  }

  @Test
  void saveAndLoadGiveIdenticalPredictions() throws Exception {
    Classifier c = Fixtures.tinyClassifier().epochs(2).head(Head.perTaskSoftmax()).build();
    PictureSet valid = Fixtures.validation(synth, dir.resolve("data"));
    Path saved = dir.resolve("saved-model");
    Predictions before;
    try (TrainedModel m = c.train(Fixtures.train(synth, dir.resolve("data")), valid)) {
      before = m.predict(valid);
      m.save(saved);
    }
    try (TrainedModel loaded =
        TrainedModel.load(saved, java.util.List.of(Fixtures.TINY), ai.djl.Device.cpu())) {
      assertThat(loaded.device()).isEqualTo(ai.djl.Device.cpu());
      Predictions after = loaded.predict(valid);
      assertThat(after.imageIds()).isEqualTo(before.imageIds());
      for (String id : before.imageIds()) {
        assertThat(after.probabilities(id).orElseThrow())
            .containsExactly(before.probabilities(id).orElseThrow());
      }
      assertThat(loaded.head().name()).isEqualTo("per-task");
      assertThat(loaded.history().epochs()).hasSize(2);
      assertThat(loaded.priors()).isEqualTo(before.priors());
    }
  }

  @Test
  void ttaIsTheMeanOfThePictureAndItsMirror() throws Exception {
    Path images = dir.resolve("data/images");
    ImatDataset valid = synth.validation();
    Path mirrored = dir.resolve("mirrored");
    java.nio.file.Files.createDirectories(mirrored);
    for (var img : valid.images()) {
      Path src = images.resolve(img.fileName());
      if (java.nio.file.Files.exists(src)) {
        // At the network's input size already, so the pipeline's resize is the identity and the
        // only difference between the two pictures is the mirror.
        var pic =
            Augmenters.resize(32, 32).augment(io.imat.augment.image.BufferedImages.read(src), 0);
        var flipped = Augmenters.fliplr(1.0).augment(pic, 0);
        // PNG keeps the mirrored pixels exact; the reader does not care about the extension.
        javax.imageio.ImageIO.write(
            io.imat.augment.image.BufferedImages.toBufferedImage(flipped),
            "png",
            mirrored.resolve(img.fileName()).toFile());
        javax.imageio.ImageIO.write(
            io.imat.augment.image.BufferedImages.toBufferedImage(pic),
            "png",
            dir.resolve("png-" + img.fileName()).toFile());
      }
    }
    Path plain = dir.resolve("plain");
    java.nio.file.Files.createDirectories(plain);
    for (var img : valid.images()) {
      Path png = dir.resolve("png-" + img.fileName());
      if (java.nio.file.Files.exists(png)) {
        java.nio.file.Files.move(png, plain.resolve(img.fileName()));
      }
    }
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .epochs(1)
            .build()
            .train(Fixtures.train(synth, dir.resolve("data")), null)) {
      Predictions tta =
          m.predict(PictureSet.of(valid, plain), PredictOptions.builder().tta(true).build());
      Predictions a = m.predict(PictureSet.of(valid, plain));
      Predictions b = m.predict(PictureSet.of(valid, mirrored));
      for (String id : tta.imageIds()) {
        float[] t = tta.probabilities(id).orElseThrow();
        float[] x = a.probabilities(id).orElseThrow();
        float[] y = b.probabilities(id).orElseThrow();
        for (int l = 0; l < t.length; l++) {
          assertThat(t[l]).isCloseTo((x[l] + y[l]) / 2, org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
      assertThat(tta.size()).isPositive();
    }
  }

  @Test
  void missingPicturesAreSkippedAndCounted() throws Exception {
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .epochs(1)
            .build()
            .train(Fixtures.train(synth, dir.resolve("data")), null)) {
      EpochStats e = m.history().epochs().get(0);
      long gone = synth.train().images().stream().filter(i -> synth.isGone(i.id())).count();
      assertThat(gone).isPositive();
      assertThat(e.skippedPictures()).isEqualTo((int) gone);
      assertThat(e.images()).isEqualTo(synth.train().size() - (int) gone);
      Predictions p = m.predict(Fixtures.train(synth, dir.resolve("data")));
      assertThat(p.size()).isEqualTo(synth.train().size() - (int) gone);
    }
  }

  @Test
  void badOptionsFailAtBuildTime() {
    assertThatThrownBy(() -> Classifier.builder().epochs(2).warmupEpochs(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warm-up");
    assertThatThrownBy(() -> Classifier.builder().adam(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Classifier.builder().reduceLrOnPlateau(1.5, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Map<String, float[]> parameters(ai.djl.nn.Block block) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (var p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      out.put(p.getKey(), a.toFloatArray());
    }
    return out;
  }

  static Predictions emptyLike(Predictions p) {
    return Predictions.priorsOnly(p.priors());
  }
}
