package io.imat.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Taxonomy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnsembleTest {
  /** Label "2" is shared by both tasks. */
  static final Taxonomy TAXONOMY =
      Taxonomy.builder()
          .addLabel("1", "x")
          .addLabel("2", "y")
          .addLabel("3", "z")
          .addTask("1", "shoe:color", List.of("1", "2"))
          .addTask("2", "dress:color", List.of("2", "3"))
          .build();

  static Predictions preds(String model, Object... idsAndRows) {
    Predictions.Builder b =
        Predictions.builder(TAXONOMY, TaskPriors.uniform(TAXONOMY)).metadata("model", model);
    for (int k = 0; k < idsAndRows.length; k += 2) {
      b.put((String) idsAndRows[k], (float[]) idsAndRows[k + 1]);
    }
    return b.build();
  }

  private final Predictions p1 = preds("one", "a", new float[] {0.8f, 0.2f, 0f});
  private final Predictions p2 = preds("two", "a", new float[] {0.4f, 0.6f, 0.5f});

  @Test
  void arithmeticMeanIsTheWeightedAverage() {
    Predictions eq = Ensemble.builder().build().merge(p1, p2);
    assertThat(row(eq, "a")).containsExactly(new float[] {0.6f, 0.4f, 0.25f}, within(1e-6f));
    Predictions weighted =
        Ensemble.builder().weights(EnsembleWeights.of(3, 1)).build().merge(p1, p2);
    assertThat(row(weighted, "a")[0]).isCloseTo(0.7f, within(1e-6f));
  }

  @Test
  void geometricMeanIsTheWeightedGeometricAverageFlooredAtZero() {
    Predictions g = Ensemble.builder().mean(Mean.GEOMETRIC).build().merge(p1, p2);
    float[] r = row(g, "a");
    assertThat(r[0]).isCloseTo((float) Math.sqrt(0.32), within(1e-6f));
    assertThat(r[1]).isCloseTo((float) Math.sqrt(0.12), within(1e-6f));
    assertThat(r[2]).isCloseTo((float) Math.sqrt(1e-6 * 0.5), within(1e-7f));
  }

  @Test
  void geometricAndArithmeticStayProbabilities() {
    SplittableRandom random = new SplittableRandom(3);
    Predictions.Builder a = Predictions.builder(TAXONOMY, TaskPriors.uniform(TAXONOMY));
    Predictions.Builder b = Predictions.builder(TAXONOMY, TaskPriors.uniform(TAXONOMY));
    for (int i = 0; i < 200; i++) {
      a.put("i" + i, randomRow(random));
      b.put("i" + i, randomRow(random));
    }
    for (Mean mean : Mean.values()) {
      Predictions m =
          Ensemble.builder()
              .mean(mean)
              .weights(EnsembleWeights.of(0.3, 0.7))
              .build()
              .merge(a.build(), b.build());
      for (int r = 0; r < m.size(); r++) {
        for (int l = 0; l < 3; l++) {
          assertThat(m.get(r, l)).isBetween(0f, 1f);
        }
      }
    }
  }

  @Test
  void imagesMissingFromAModelAreAveragedOverTheModelsThatHaveThem() {
    float[] b1 = {0.1f, 0.7f, 0.3f};
    float[] c2 = {0.9f, 0.05f, 0.2f};
    Predictions one = preds("one", "a", new float[] {0.8f, 0.2f, 0f}, "b", b1);
    Predictions two = preds("two", "a", new float[] {0.4f, 0.6f, 0.5f}, "c", c2);
    for (Mean mean : Mean.values()) {
      Predictions m =
          Ensemble.builder().mean(mean).weights(EnsembleWeights.of(9, 1)).build().merge(one, two);
      assertThat(m.imageIds()).containsExactly("a", "b", "c");
      assertThat(row(m, "b")).containsExactly(b1, within(1e-6f));
      assertThat(row(m, "c")).containsExactly(c2, within(1e-6f));
      // An image no model has gets no row and is answered from the priors.
      assertThat(m.contains("d")).isFalse();
    }
  }

  @Test
  void aModelWithZeroWeightStillAnswersAlone() {
    float[] c2 = {0.9f, 0.05f, 0.2f};
    Predictions two = preds("two", "a", new float[] {0.4f, 0.6f, 0.5f}, "c", c2);
    Predictions m = Ensemble.builder().weights(EnsembleWeights.of(1, 0)).build().merge(p1, two);
    assertThat(row(m, "a")).containsExactly(row(p1, "a"), within(1e-6f));
    assertThat(row(m, "c")).containsExactly(c2, within(1e-6f));
  }

  @Test
  void sharedLabelsUseTheMeanOfTheirTasksWeights() {
    EnsembleWeights w = EnsembleWeights.of(1, 1).withTask("1", 1, 0).withTask("2", 0, 1);
    Predictions m = Ensemble.builder().weights(w).build().merge(p1, p2);
    float[] r = row(m, "a");
    assertThat(r[0]).isCloseTo(0.8f, within(1e-6f)); // only shoe:color: model one
    assertThat(r[2]).isCloseTo(0.5f, within(1e-6f)); // only dress:color: model two
    assertThat(r[1]).isCloseTo(0.4f, within(1e-6f)); // both: (0.2 + 0.6) / 2
  }

  @Test
  void keepsThePriorsOfTheFirstModelAndRecordsTheMerge() {
    TaskPriors skewed = TaskPriors.of(TAXONOMY, new float[][] {{1, 3}, {5, 1}});
    Predictions first = p1.withPriors(skewed);
    Predictions m = Ensemble.builder().mean(Mean.GEOMETRIC).build().merge(first, p2);
    assertThat(m.priors()).isEqualTo(skewed);
    assertThat(m.metadata())
        .containsEntry("model", "ensemble")
        .containsEntry("mean", "geometric")
        .containsEntry("members", "one, two");
    TaskPriors uniform = TaskPriors.uniform(TAXONOMY);
    assertThat(Ensemble.builder().priors(uniform).build().merge(first, p2).priors())
        .isEqualTo(uniform);
  }

  @Test
  void rejectsMismatchedInputs() {
    Taxonomy other =
        Taxonomy.builder().addLabel("1", "x").addTask("1", "shoe:color", List.of("1")).build();
    Predictions foreign =
        Predictions.builder(other, TaskPriors.uniform(other)).put("a", new float[] {1}).build();
    assertThatThrownBy(() -> Ensemble.builder().build().merge(p1, foreign))
        .hasMessageContaining("another taxonomy");
    assertThatThrownBy(
            () -> Ensemble.builder().weights(EnsembleWeights.of(1, 2, 3)).build().merge(p1, p2))
        .hasMessageContaining("2 models to merge but weights for 3");
    assertThatThrownBy(() -> Ensemble.builder().build().merge(List.of()))
        .hasMessageContaining("nothing to merge");
  }

  @Test
  void weightsAreNormalisedAndValidated() {
    EnsembleWeights w = EnsembleWeights.of(3, 1).withTask("2", 0, 2);
    assertThat(w.defaults()).containsExactly(0.75, 0.25);
    assertThat(w.forTask("1")).containsExactly(0.75, 0.25);
    assertThat(w.forTask("2")).containsExactly(0.0, 1.0);
    assertThat(w.tasksWithOwnWeights()).containsExactly("2");
    assertThat(EnsembleWeights.equal(4).defaults()).containsOnly(0.25);
    assertThatThrownBy(() -> EnsembleWeights.of(1, -1)).hasMessageContaining("bad weight");
    assertThatThrownBy(() -> EnsembleWeights.of(0, 0)).hasMessageContaining("all zero");
    assertThatThrownBy(() -> w.withTask("1", 1)).hasMessageContaining("1 weights for 2 models");
    assertThat(Mean.fromId("Geometric")).isEqualTo(Mean.GEOMETRIC);
    assertThatThrownBy(() -> Mean.fromId("median")).hasMessageContaining("unknown mean");
  }

  static float[] row(Predictions p, String id) {
    return p.probabilities(id).orElseThrow();
  }

  private static float[] randomRow(SplittableRandom r) {
    float[] row = new float[3];
    for (int l = 0; l < 3; l++) {
      double u = r.nextDouble();
      row[l] = u < 0.2 ? 0f : u > 0.8 ? 1f : (float) r.nextDouble();
    }
    return row;
  }
}
