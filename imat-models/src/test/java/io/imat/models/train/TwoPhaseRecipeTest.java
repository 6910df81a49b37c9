package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import io.imat.models.Classifier;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.models.backbone.Backbone;
import io.imat.models.keras.KerasLayers;
import io.imat.models.keras.KerasWeights;
import io.imat.models.weights.ImagenetWeights;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's recipe: defaults, the two phases and their schedules, partial unfreezing. */
class TwoPhaseRecipeTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path weights;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir.resolve("data"), 80);
    weights = dir.resolve("tiny.h5");
    Fixtures.tinyWeights(weights, 11);
  }

  @Test
  void theDefaultIsTheSeedRecipeFromImagenetWeights() {
    TrainingConfig seed = Classifier.builder().build().config();
    assertThat(seed.backbone()).isSameAs(Backbone.RESNET50);
    assertThat(seed.pretrained()).get().isInstanceOf(ImagenetWeights.class);
    assertThat(((ImagenetWeights) seed.pretrained().get()).backbone()).isSameAs(Backbone.RESNET50);
    assertThat(seed.warmupEpochs()).isEqualTo(2);
    assertThat(seed.warmupLearningRate()).isEqualTo(1e-3);
    assertThat(seed.learningRate()).isEqualTo(1e-4);
    assertThat(seed.toJson().get("pretrained").getAsString()).isEqualTo("imagenet(resnet50)");
    for (Backbone b : List.of(Backbone.INCEPTION_V3, Backbone.XCEPTION)) {
      assertThat(Classifier.builder().backbone(b).build().config().pretrained()).isPresent();
      assertThat(Classifier.hasImagenetWeights(b)).isTrue();
    }
    assertThat(Classifier.hasImagenetWeights(Backbone.RESNET18)).isFalse();
    assertThat(Classifier.builder().backbone(Backbone.RESNET18).build().config().pretrained())
        .isEmpty();
  }

  @Test
  void defaultsFollowTheStartingWeights() {
    TrainingConfig scratch = Classifier.builder().backbone(Fixtures.TINY).build().config();
    assertThat(scratch.pretrained()).isEmpty();
    assertThat(scratch.warmupEpochs()).as("no warm-up on a random backbone").isZero();
    assertThat(scratch.learningRate()).isEqualTo(1e-3);

    TrainingConfig tuned =
        Classifier.builder().backbone(Fixtures.TINY).pretrained(weights).build().config();
    assertThat(tuned.pretrained()).isPresent();
    assertThat(tuned.epochs()).isEqualTo(10);
    assertThat(tuned.warmupEpochs()).isEqualTo(2);
    assertThat(tuned.warmupLearningRate()).isEqualTo(1e-3);
    assertThat(tuned.learningRate()).isEqualTo(1e-4);
    assertThat(tuned.unfreeze()).isEqualTo(Unfreeze.all());
    // Short runs keep at least one fine-tuning epoch.
    assertThat(
            Classifier.builder()
                .backbone(Fixtures.TINY)
                .pretrained(weights)
                .epochs(2)
                .build()
                .config()
                .warmupEpochs())
        .isEqualTo(1);
    assertThat(
            Classifier.builder()
                .backbone(Fixtures.TINY)
                .pretrained(weights)
                .epochs(1)
                .build()
                .config()
                .warmupEpochs())
        .isZero();

    assertThat(Classifier.builder().randomInit().build().config().pretrained()).isEmpty();
    assertThatThrownBy(() -> Classifier.builder().backbone(Backbone.RESNET18).imagenet().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Keras ImageNet weights");
    assertThatThrownBy(() -> Classifier.builder().warmupEpochs(3).epochs(2).build())
        .hasMessageContaining("warm-up (3 epochs) longer than training (2 epochs");
    assertThatThrownBy(
            () ->
                Classifier.builder()
                    .backbone(Fixtures.TINY)
                    .unfreeze(Unfreeze.topBlocks(9))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 4");
  }

  @Test
  void eachPhaseStartsWithItsOwnLearningRateAndPlateauCount() throws Exception {
    // A warm-up rate so small that the validation loss cannot improve: the warm-up's plateau
    // schedule cuts it. Fine-tuning must start at its own rate all the same.
    Classifier c =
        Fixtures.tinyClassifier()
            .pretrained(weights)
            .epochs(4)
            .warmupEpochs(2)
            .warmupLearningRate(1e-9)
            .adam(2e-3)
            .reduceLrOnPlateau(0.5, 1, 0)
            .build();
    try (TrainedModel m =
        c.train(
            Fixtures.train(synth, dir.resolve("data")),
            Fixtures.validation(synth, dir.resolve("data")))) {
      List<EpochStats> e = m.history().epochs();
      assertThat(e)
          .extracting(EpochStats::phase)
          .containsExactly("warmup", "warmup", "finetune", "finetune");
      assertThat(e.get(0).learningRate()).isEqualTo(1e-9);
      assertThat(e.get(1).learningRate()).isEqualTo(1e-9);
      assertThat(e.get(2).learningRate()).isEqualTo(2e-3);
      assertThat(m.history().toJson().toString()).contains("\"phase\":\"finetune\"");
    }
  }

  @Test
  void unfreezingTheTopBlockKeepsTheOthersBitForBit() throws Exception {
    Classifier c =
        Fixtures.tinyClassifier()
            .pretrained(weights)
            .epochs(2)
            .warmupEpochs(1)
            .adam(1e-2)
            .unfreeze(Unfreeze.topBlocks(1))
            .build();
    Map<String, float[]> initial = new HashMap<>();
    try (ai.djl.Model src = ai.djl.Model.newInstance("src", "PyTorch")) {
      Block b = Fixtures.TINY.newBlock();
      b.initialize(
          src.getNDManager(),
          ai.djl.ndarray.types.DataType.FLOAT32,
          new ai.djl.ndarray.types.Shape(1, 3, 32, 32));
      KerasWeights.of(weights).importInto(b);
      initial.putAll(values(b));
    }
    try (TrainedModel m = c.train(Fixtures.train(synth, dir.resolve("data")), null)) {
      Map<String, float[]> after = values(m.network().backbone());
      assertThat(after.keySet()).isEqualTo(initial.keySet());
      int frozen = 0;
      int moved = 0;
      for (String k : after.keySet()) {
        if (k.startsWith("conv4_block1")) {
          assertThat(after.get(k)).as(k).isNotEqualTo(initial.get(k));
          moved++;
        } else {
          // Frozen layers, batch-norm moving statistics included, are untouched.
          assertThat(after.get(k)).as(k).containsExactly(initial.get(k));
          frozen++;
        }
      }
      assertThat(frozen).isPositive();
      assertThat(moved).isPositive();
    }
  }

  private static Map<String, float[]> values(Block backbone) {
    Map<String, float[]> out = new HashMap<>();
    KerasLayers.index(backbone)
        .forEach(
            (name, b) ->
                b.getDirectParameters()
                    .forEach(
                        p ->
                            out.put(
                                name + "/" + p.getKey(), p.getValue().getArray().toFloatArray())));
    return out;
  }
}
