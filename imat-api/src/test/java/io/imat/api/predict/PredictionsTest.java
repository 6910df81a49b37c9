package io.imat.api.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.Fixtures;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Label indexes of {@link Fixtures#tiny()}: 0 black, 1 white, 2 red, 3 grey, 4 gray, 5 men, 6
 * women; shoe:color = {0..4}, shoe:gender = {5, 6}, dress:color = {0..3}.
 */
class PredictionsTest {
  private static final Taxonomy TINY = Fixtures.tiny();
  private static final Task SHOE_COLOR = TINY.task("1");
  private static final Task SHOE_GENDER = TINY.task("2");
  private static final Task DRESS_COLOR = TINY.task("3");

  private static Predictions.Builder builder() {
    return Predictions.builder(TINY, TaskPriors.uniform(TINY));
  }

  private static float[] row(float... values) {
    return values;
  }

  @Test
  void topOneIsRestrictedToTheTasksLabels() {
    Predictions p =
        builder()
            // 'men' (a shoe:gender label) is the global argmax, but cannot answer a colour task
            .put("a", row(.3f, .2f, .1f, 0f, 0f, .9f, .05f))
            // 'gray' answers shoe:color but is not a dress:color label
            .put("b", row(.1f, .4f, 0f, .2f, .8f, .3f, .6f))
            .build();
    assertThat(p.top1(0, SHOE_COLOR).name()).isEqualTo("black");
    assertThat(p.top1(0, DRESS_COLOR).name()).isEqualTo("black");
    assertThat(p.top1(0, SHOE_GENDER).name()).isEqualTo("men");
    assertThat(p.top1(1, SHOE_COLOR).name()).isEqualTo("gray");
    assertThat(p.top1(1, DRESS_COLOR).name()).isEqualTo("white");
    assertThat(p.top1(1, SHOE_GENDER).name()).isEqualTo("women");
    assertThat(p.top1("b", DRESS_COLOR)).map(Label::name).contains("white");
  }

  @Test
  void tiesGoToTheFirstLabelInTaskOrder() {
    Predictions p = builder().put("a", new float[7]).put("b", row(0, .5f, 0, .5f, 0, 1, 1)).build();
    assertThat(p.top1(0, SHOE_COLOR).name()).isEqualTo("black");
    assertThat(p.top1(1, SHOE_COLOR).name()).isEqualTo("white");
    assertThat(p.top1(1, SHOE_GENDER).name()).isEqualTo("men");
  }

  @Test
  void imageWithoutRowIsAnsweredFromThePriors() {
    TaskPriors priors = TaskPriors.of(TINY, new float[][] {{0, 0, 3, 1, 0}, {1, 4}, {0, 0, 0, 2}});
    Predictions p = Predictions.builder(TINY, priors).put("seen", row(1, 0, 0, 0, 0, 1, 0)).build();
    assertThat(p.contains("lost")).isFalse();
    assertThat(p.top1("lost", SHOE_COLOR)).map(Label::name).contains("red");
    assertThat(p.top1("lost", SHOE_GENDER)).map(Label::name).contains("women");
    assertThat(p.top1("lost", DRESS_COLOR)).map(Label::name).contains("grey");
    assertThat(p.top1("seen", SHOE_COLOR)).map(Label::name).contains("black");
  }

  @Test
  void rowsAreAddressableByImageId() {
    Predictions p =
        builder().put("x", row(0, .1f, .2f, .3f, .4f, .5f, .6f)).put("y", new float[7]).build();
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.imageIds()).containsExactly("x", "y");
    assertThat(p.rowOf("y")).isEqualTo(1);
    assertThat(p.rowOf("z")).isEqualTo(-1);
    assertThat(p.get(0, 4)).isEqualTo(.4f);
    assertThat(p.probabilities("x")).hasValueSatisfying(v -> assertThat(v[6]).isEqualTo(.6f));
    assertThat(p.probabilities("z")).isEmpty();
  }

  @Test
  void builderCopiesTheRow() {
    float[] values = row(1, 0, 0, 0, 0, 0, 0);
    Predictions.Builder b = builder().put("a", values);
    values[0] = 0;
    values[1] = 1;
    assertThat(b.build().top1(0, SHOE_COLOR).name()).isEqualTo("black");
  }

  @Test
  void builderRejectsWrongLength() {
    assertThatThrownBy(() -> builder().put("a", new float[6]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 values for 7 labels");
  }

  @Test
  void builderRejectsValuesThatAreNotProbabilities() {
    for (float bad :
        List.of(Float.NaN, 1.0001f, -0.0001f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
      float[] values = new float[7];
      values[3] = bad;
      assertThatThrownBy(() -> builder().put("a", values))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("label 3");
    }
  }

  @Test
  void builderRejectsASecondRowForAnImage() {
    Predictions.Builder b = builder().put("a", new float[7]);
    assertThat(b.contains("a")).isTrue();
    assertThatThrownBy(() -> b.put("a", new float[7]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a row");
  }

  @Test
  void builderRejectsPriorsOfAnotherTaxonomy() {
    assertThatThrownBy(
            () -> Predictions.builder(TINY, TaskPriors.uniform(Taxonomy.imaterialist2017())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metadataAndPriorsCanBeReplaced() {
    Predictions p = builder().metadata("model", "resnet50").put("a", new float[7]).build();
    assertThat(p.metadata()).containsExactly(Map.entry("model", "resnet50"));
    assertThat(p.withMetadata(Map.of("k", "v")).metadata()).containsExactly(Map.entry("k", "v"));
    TaskPriors other = TaskPriors.of(TINY, new float[][] {{0, 1, 0, 0, 0}, {0, 1}, {1, 0, 0, 0}});
    Predictions q = p.withPriors(other);
    assertThat(q.priors()).isEqualTo(other);
    assertThat(q.top1("gone", SHOE_GENDER)).map(Label::name).contains("women");
  }

  @Test
  void priorsOnlyAnswersEveryPairFromThePriors() {
    Taxonomy t = Fixtures.tiny();
    TaskPriors priors = TaskPriors.uniform(t);
    Predictions p = Predictions.priorsOnly(priors);
    assertThat(p.size()).isZero();
    for (var task : t.tasks()) {
      assertThat(p.top1("anything", task)).contains(priors.top(task));
    }
  }

  @Test
  void subsetKeepsTheGivenRowsInOrderAndSkipsUnknownIds() {
    Taxonomy t = Fixtures.tiny();
    float[] a = new float[t.labelCount()];
    float[] b = new float[t.labelCount()];
    a[0] = 0.25f;
    b[1] = 0.75f;
    Predictions p = Predictions.builder(t, TaskPriors.uniform(t)).put("a", a).put("b", b).build();
    Predictions s = p.subset(java.util.List.of("b", "zzz", "a", "b"));
    assertThat(s.imageIds()).containsExactly("b", "a");
    assertThat(s.probabilities("b").orElseThrow()).containsExactly(b);
    assertThat(s.probabilities("a").orElseThrow()).containsExactly(a);
    assertThat(s.priors()).isEqualTo(p.priors());
  }
}
