package io.imat.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightFitterTest {
  static final Taxonomy TAXONOMY =
      Taxonomy.builder()
          .addLabel("1", "red")
          .addLabel("2", "blue")
          .addLabel("3", "boot")
          .addLabel("4", "sandal")
          .addLabel("5", "flat")
          .addTask("1", "shoe:color", List.of("1", "2"))
          .addTask("2", "shoe:type", List.of("3", "4", "5"))
          .build();

  static ImatDataset truth(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ImatDataset.Builder b = ImatDataset.builder(TAXONOMY);
    for (int i = 0; i < n; i++) {
      String id = "i" + i;
      b.addImage(id, "http://x/" + id + ".jpg");
      b.annotate(id, "1", r.nextBoolean() ? "1" : "2");
      b.annotate(id, "2", String.valueOf(3 + r.nextInt(3)));
    }
    return b.build();
  }

  /**
   * A model that knows the truth of the tasks in {@code good} (confidence 0.6–0.9) and guesses the
   * others (the same confidence, a uniformly drawn label).
   */
  static Predictions model(ImatDataset truth, String name, long seed, String... good) {
    SplittableRandom r = new SplittableRandom(seed);
    Predictions.Builder b =
        Predictions.builder(TAXONOMY, TaskPriors.fromDataset(truth)).metadata("model", name);
    for (int i = 0; i < truth.size(); i++) {
      float[] row = new float[TAXONOMY.labelCount()];
      for (Task t : TAXONOMY.tasks()) {
        Label pick =
            List.of(good).contains(t.id())
                ? truth.labels(i, t).iterator().next()
                : t.labels().get(r.nextInt(t.labels().size()));
        for (Label l : t.labels()) {
          row[l.index()] = l.equals(pick) ? (float) (0.6 + 0.3 * r.nextDouble()) : 0.05f;
        }
      }
      b.put(truth.image(i).id(), row);
    }
    return b.build();
  }

  @Test
  void recoversTheBetterModelOfEachTask() {
    ImatDataset valid = truth(300, 1);
    Predictions colourExpert = model(valid, "colour", 2, "1");
    Predictions typeExpert = model(valid, "type", 3, "2");
    WeightFit fit = WeightFitter.builder().build().fit(List.of(colourExpert, typeExpert), valid);
    assertThat(fit.weights().forTask("1")[0]).isGreaterThan(0.5);
    assertThat(fit.weights().forTask("2")[1]).isGreaterThan(0.5);
    assertThat(fit.fittedReport().score()).isZero();
    assertThat(fit.modelReports()).allSatisfy(r -> assertThat(r.score()).isGreaterThan(0.2));
    assertThat(fit.initialReport().score()).isGreaterThan(0.05);

    // Applied to new data, the fitted ensemble beats both models and the equal-weight merge.
    ImatDataset test = truth(300, 4);
    List<Predictions> onTest = List.of(model(test, "colour", 5, "1"), model(test, "type", 6, "2"));
    double fitted = score(test, fit.ensemble().merge(onTest));
    assertThat(fitted)
        .isLessThan(0.02)
        .isLessThan(score(test, Ensemble.builder().build().merge(onTest)))
        .isLessThan(score(test, onTest.get(0)))
        .isLessThan(score(test, onTest.get(1)));
  }

  @Test
  void aUselessModelLosesItsWeightEverywhere() {
    ImatDataset valid = truth(300, 7);
    Predictions good = model(valid, "good", 8, "1", "2");
    Predictions noise = model(valid, "noise", 9);
    WeightFit fit = WeightFitter.builder().perTask(false).build().fit(List.of(noise, good), valid);
    assertThat(fit.weights().tasksWithOwnWeights()).isEmpty();
    assertThat(fit.weights().defaults()[1]).isGreaterThan(0.5);
    assertThat(fit.fittedReport().score()).isZero();
  }

  @Test
  void tiesGoTowardEqualOrGivenWeights() {
    ImatDataset valid = truth(200, 10);
    Predictions a = model(valid, "a", 11, "1", "2");
    WeightFit same = WeightFitter.builder().build().fit(List.of(a, a), valid);
    for (Task t : TAXONOMY.tasks()) {
      assertThat(same.weights().forTask(t)).containsExactly(0.5, 0.5);
    }
    WeightFit given =
        WeightFitter.builder().build().fit(List.of(a, a), valid, EnsembleWeights.of(1, 3));
    assertThat(given.weights().forTask("2")).containsExactly(0.25, 0.75);
  }

  @Test
  void imagesMissingFromAModelAreFittedAsTheyWillBeMerged() {
    ImatDataset valid = truth(300, 12);
    Predictions colourExpert = model(valid, "colour", 13, "1");
    // The type expert lost a third of its pictures: the colour expert answers those alone.
    Predictions full = model(valid, "type", 14, "2");
    Predictions.Builder partial = Predictions.builder(TAXONOMY, full.priors());
    for (int r = 0; r < full.size(); r++) {
      if (r % 3 != 0) {
        partial.put(full.imageIds().get(r), full.probabilities(full.imageIds().get(r)).get());
      }
    }
    WeightFit fit =
        WeightFitter.builder()
            .mean(Mean.GEOMETRIC)
            .build()
            .fit(List.of(colourExpert, partial.build()), valid);
    double merged = fit.fittedReport().score();
    assertThat(merged)
        .isLessThan(fit.modelReports().get(0).score())
        .isLessThan(fit.modelReports().get(1).score());
    // The fitter's own count matches the merge it hands out.
    assertThat(score(valid, fit.ensemble().merge(List.of(colourExpert, partial.build()))))
        .isEqualTo(merged);
  }

  @Test
  void sharesMoveOneModelAndKeepTheOthersProportions() {
    assertThat(WeightFitter.withShare(new double[] {0.2, 0.2, 0.6}, 0, 0.5))
        .containsExactly(new double[] {0.5, 0.125, 0.375}, within(1e-12));
    assertThat(WeightFitter.withShare(new double[] {1, 0, 0}, 0, 0.4))
        .containsExactly(new double[] {0.4, 0.3, 0.3}, within(1e-12));
  }

  @Test
  void rejectsMismatchedInputs() {
    ImatDataset valid = truth(20, 1);
    Predictions a = model(valid, "a", 1, "1");
    assertThatThrownBy(
            () -> WeightFitter.builder().build().fit(List.of(a, a), valid, EnsembleWeights.of(1)))
        .hasMessageContaining("2 predictions but initial weights for 1");
    assertThatThrownBy(() -> WeightFitter.builder().steps(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static double score(ImatDataset truth, Predictions p) {
    return io.imat.metrics.TopOneError.of(truth).score(p).score();
  }
}
