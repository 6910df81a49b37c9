package io.imat.api.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.Fixtures;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskPriorsTest {
  private static final Taxonomy TINY = Fixtures.tiny();
  private static final Task SHOE_COLOR = TINY.task("1");
  private static final Task SHOE_GENDER = TINY.task("2");
  private static final Task DRESS_COLOR = TINY.task("3");

  /**
   * shoe:color pairs: {black}, {black, white}, {red}, {grey, gray}: votes black 1.5, white .5, red
   * 1, grey .5, gray .5 over 4 pairs. dress:color: {white}. shoe:gender: none.
   */
  private static ImatDataset training() {
    return ImatDataset.builder(TINY)
        .addImage("a")
        .addImage("b")
        .addImage("c")
        .addImage("d")
        .addImage("e")
        .annotate("a", "1", "1")
        .annotate("b", "1", "1")
        .annotate("b", "1", "2")
        .annotate("c", "1", "3")
        .annotate("d", "1", "4")
        .annotate("d", "1", "5")
        .annotate("e", "3", "2")
        .build();
  }

  @Test
  void multiLabelPairsShareOneVote() {
    TaskPriors p = TaskPriors.fromDataset(training());
    assertThat(p.distribution(SHOE_COLOR))
        .containsExactly(new float[] {.375f, .125f, .25f, .125f, .125f}, within(1e-6f));
    assertThat(p.top(SHOE_COLOR).name()).isEqualTo("black");
    assertThat(p.distribution(DRESS_COLOR)).containsExactly(0f, 1f, 0f, 0f);
    assertThat(p.top(DRESS_COLOR).name()).isEqualTo("white");
  }

  @Test
  void aTaskWithoutAnnotationsIsUntrainedAndWeighsItsLabelsByTheirUseInAnyTask() {
    TaskPriors p = TaskPriors.fromDataset(training());
    assertThat(p.untrainedTasks()).containsExactly(SHOE_GENDER);
    assertThat(p.isUntrained(SHOE_COLOR)).isFalse();
    // Neither men nor women is used anywhere: uniform.
    assertThat(p.distribution(SHOE_GENDER)).containsExactly(.5f, .5f);
    assertThat(p.top(SHOE_GENDER).name()).isEqualTo("men");

    // Without its own annotation, dress:color counts the shoe colours: black 1.5, white .5 (+0
    // from dresses now), red 1, grey .5 (gray is not a dress label).
    ImatDataset noDresses = training().subset(0, 1, 2, 3);
    TaskPriors q = TaskPriors.fromDataset(noDresses);
    assertThat(q.untrainedTasks()).containsExactly(SHOE_GENDER, DRESS_COLOR);
    assertThat(q.distribution(DRESS_COLOR))
        .containsExactly(
            new float[] {1.5f / 3.5f, .5f / 3.5f, 1f / 3.5f, .5f / 3.5f}, within(1e-6f));
    assertThat(q.top(DRESS_COLOR).name()).isEqualTo("black");
  }

  @Test
  void untrainedTasksSurviveTheJsonForm() throws InvalidDataException {
    TaskPriors p = TaskPriors.fromDataset(training().subset(0, 1, 2, 3));
    TaskPriors back = TaskPriors.fromJson(TINY, p.toJson(), "test");
    assertThat(back).isEqualTo(p);
    assertThat(back.untrainedTasks()).containsExactly(SHOE_GENDER, DRESS_COLOR);
    assertThat(p.toJson().get("3").toString()).startsWith("{\"untrained\":true,\"p\":[");
  }

  @Test
  void anUntrainedTaskIsAnsweredByItsPriorWhateverTheRowSays() {
    TaskPriors p = TaskPriors.fromDataset(training().subset(0, 1, 2, 3));
    float[] row = new float[TINY.labelCount()];
    row[TINY.label("2").index()] = 0.9f; // white, for dress and shoe colour alike
    Predictions preds = Predictions.builder(TINY, p).put("x", row).build();
    assertThat(preds.answer(preds.rowOf("x"), SHOE_COLOR).name()).isEqualTo("white");
    assertThat(preds.answer(preds.rowOf("x"), DRESS_COLOR).name()).isEqualTo("black");
    assertThat(preds.top1("x", DRESS_COLOR))
        .hasValueSatisfying(l -> assertThat(l.name()).isEqualTo("black"));
    assertThat(preds.answer(-1, SHOE_COLOR).name()).isEqualTo("black");
  }

  @Test
  void uniformGivesEqualShares() {
    TaskPriors p = TaskPriors.uniform(TINY);
    assertThat(p.distribution(SHOE_COLOR)).containsOnly(.2f);
    assertThat(p.distribution(DRESS_COLOR)).containsOnly(.25f);
    assertThat(p.top(DRESS_COLOR).name()).isEqualTo("black");
  }

  @Test
  void probabilityOfALabelOutsideTheTaskIsZero() {
    TaskPriors p = TaskPriors.fromDataset(training());
    assertThat(p.probability(SHOE_COLOR, TINY.label("3"))).isEqualTo(.25f);
    assertThat(p.probability(SHOE_GENDER, TINY.label("1"))).isZero();
  }

  @Test
  void explicitPriorsAreNormalised() {
    TaskPriors p = TaskPriors.of(TINY, new float[][] {{2, 2, 4, 0, 0}, {0, 0}, {0, 0, 0, 5}});
    assertThat(p.distribution(SHOE_COLOR)).containsExactly(.25f, .25f, .5f, 0f, 0f);
    assertThat(p.distribution(SHOE_GENDER)).containsExactly(.5f, .5f);
    assertThat(p.top(DRESS_COLOR).name()).isEqualTo("grey");
  }

  @Test
  void explicitPriorsAreValidated() {
    assertThatThrownBy(() -> TaskPriors.of(TINY, new float[][] {{1}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> TaskPriors.of(TINY, new float[][] {{1, 0, 0, 0, 0}, {1}, {1, 0, 0, 0}}))
        .hasMessageContaining("1 prior values for 2 labels");
    assertThatThrownBy(
            () -> TaskPriors.of(TINY, new float[][] {{1, 0, 0, 0, 0}, {-1, 0}, {1, 0, 0, 0}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                TaskPriors.of(TINY, new float[][] {{Float.NaN, 0, 0, 0, 0}, {1, 0}, {1, 0, 0, 0}}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void distributionIsACopy() {
    TaskPriors p = TaskPriors.uniform(TINY);
    p.distribution(SHOE_GENDER)[0] = 1;
    assertThat(p.distribution(SHOE_GENDER)).containsExactly(.5f, .5f);
  }

  @Test
  void needsTaskLabelLists() {
    ImatDataset bare = ImatDataset.builder(TINY.withTaskLabels(Map.of())).addImage("a").build();
    assertThatThrownBy(() -> TaskPriors.fromDataset(bare))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityFollowsTheDistributions() {
    assertThat(TaskPriors.fromDataset(training())).isEqualTo(TaskPriors.fromDataset(training()));
    assertThat(TaskPriors.fromDataset(training())).isNotEqualTo(TaskPriors.uniform(TINY));
  }
}
