package io.imat.models.cv;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.models.Fixtures;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossValidationTest {
  @TempDir Path dir;

  @Test
  void outOfFoldPredictionsCoverEveryReadableTrainingImageExactlyOnce() throws Exception {
    SyntheticDataset synth = Fixtures.synth(dir, 100);
    var train = Fixtures.train(synth, dir);
    var valid = Fixtures.validation(synth, dir);
    CrossValidationResult r =
        CrossValidation.builder()
            .classifier(Fixtures.tinyClassifier().epochs(1).build())
            .folds(3)
            .saveModelsTo(dir.resolve("cv"))
            .build()
            .run(train, List.of(valid));
    List<String> readable =
        synth.train().images().stream().map(i -> i.id()).filter(id -> !synth.isGone(id)).toList();
    assertThat(r.outOfFold().imageIds()).containsExactlyInAnyOrderElementsOf(readable);
    // Each image was predicted by the model of its own fold, the one that never trained on it.
    for (int f = 0; f < 3; f++) {
      try (var model =
          io.imat.models.TrainedModel.load(r.modelDirs().get(f), List.of(Fixtures.TINY))) {
        var held = model.predict(train.subset(r.folds().validationIndexes(f)));
        for (String id : held.imageIds()) {
          assertThat(r.outOfFold().probabilities(id).orElseThrow())
              .as("image %s of fold %s", id, f)
              .containsExactly(held.probabilities(id).orElseThrow());
        }
      }
    }
    assertThat(r.histories()).hasSize(3);
    assertThat(r.modelDirs())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.resolve("model.json")).exists());
    assertThat(r.averaged()).hasSize(1);
    assertThat(r.averaged().get(0).size())
        .isEqualTo(
            (int) synth.validation().images().stream().filter(i -> !synth.isGone(i.id())).count());
  }

  @Test
  void anInnerSplitChoosesTheEpochOnImagesTheOutOfFoldPredictionsDoNotCover() throws Exception {
    SyntheticDataset synth = Fixtures.synth(dir.resolve("inner"), 100);
    var train = Fixtures.train(synth, dir.resolve("inner"));
    CrossValidationResult r =
        CrossValidation.builder()
            .classifier(Fixtures.tinyClassifier().epochs(1).build())
            .folds(2)
            .innerValidation(0.25)
            .build()
            .run(train, List.of());
    // Each fold model learnt from about 3/4 of its fold's training part; the rest chose its epoch.
    for (int f = 0; f < 2; f++) {
      var e = r.histories().get(f).epochs().get(0);
      int fitPart = r.folds().trainIndexes(f).length;
      assertThat(e.images() + e.skippedPictures()).isBetween(fitPart / 2, fitPart - fitPart / 8);
      assertThat(e.validationError()).isBetween(0.0, 1.0);
    }
    List<String> readable =
        synth.train().images().stream().map(i -> i.id()).filter(id -> !synth.isGone(id)).toList();
    assertThat(r.outOfFold().imageIds()).containsExactlyInAnyOrderElementsOf(readable);
  }
}
