package io.imat.api.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaxonomyTest {
  private static final Taxonomy IMAT = Taxonomy.imaterialist2017();

  private static Task taskNamed(Taxonomy t, String name) {
    return t.tasks().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  private static Label labelNamed(Taxonomy t, String name) {
    List<Label> matches = t.labels().stream().filter(l -> l.name().equals(name)).toList();
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }

  @Test
  void imaterialist2017HasTheCompetitionCounts() {
    assertThat(IMAT.taskCount()).isEqualTo(45);
    assertThat(IMAT.labelCount()).isEqualTo(381);
    assertThat(IMAT.pairCount()).isEqualTo(576);
    assertThat(IMAT.tasks().stream().mapToInt(t -> t.labels().size()).sum()).isEqualTo(576);
    assertThat(IMAT.hasTaskLabels()).isTrue();
  }

  @Test
  void imaterialist2017HasFourApparelsWithTheirTaskCounts() {
    assertThat(IMAT.apparels())
        .containsExactly(Apparel.DRESS, Apparel.OUTERWEAR, Apparel.PANTS, Apparel.SHOE);
    assertThat(IMAT.tasks(Apparel.SHOE)).hasSize(14);
    assertThat(IMAT.tasks(Apparel.DRESS)).hasSize(11);
    assertThat(IMAT.tasks(Apparel.PANTS)).hasSize(10);
    assertThat(IMAT.tasks(Apparel.OUTERWEAR)).hasSize(10);
    assertThat(IMAT.tasks(Apparel.of("hat"))).isEmpty();
  }

  @Test
  void indexesArePositionsAndIdsAreUnique() {
    for (int i = 0; i < IMAT.taskCount(); i++) {
      assertThat(IMAT.tasks().get(i).index()).isEqualTo(i);
    }
    for (int i = 0; i < IMAT.labelCount(); i++) {
      assertThat(IMAT.labels().get(i).index()).isEqualTo(i);
    }
    assertThat(IMAT.tasks().stream().map(Task::id).distinct()).hasSize(45);
    assertThat(IMAT.labels().stream().map(Label::id).distinct()).hasSize(381);
  }

  @Test
  void blackIsOneLabelSharedByShoeAndDressColour() {
    Label black = labelNamed(IMAT, "black");
    Task shoeColor = taskNamed(IMAT, "shoe:color");
    Task dressColor = taskNamed(IMAT, "dress:color");
    Task shoeGender = taskNamed(IMAT, "shoe:gender");

    assertThat(shoeColor.labels()).contains(black);
    assertThat(dressColor.labels()).contains(black);
    assertThat(shoeColor.accepts(black)).isTrue();
    assertThat(dressColor.accepts(black)).isTrue();
    assertThat(shoeGender.accepts(black)).isFalse();
    assertThat(IMAT.isValid(shoeColor.index(), black.index())).isTrue();
    assertThat(IMAT.isValid(dressColor.index(), black.index())).isTrue();
    assertThat(IMAT.isValid(shoeGender.index(), black.index())).isFalse();
  }

  @Test
  void isValidAgreesWithTaskLabelListsEverywhere() {
    int valid = 0;
    for (Task t : IMAT.tasks()) {
      for (Label l : IMAT.labels()) {
        boolean listed = t.labels().contains(l);
        assertThat(IMAT.isValid(t.index(), l.index())).as("%s / %s", t, l).isEqualTo(listed);
        valid += listed ? 1 : 0;
      }
    }
    assertThat(valid).isEqualTo(576);
  }

  @Test
  void taskNameSplitsIntoApparelAndAttribute() {
    Task upHeight = taskNamed(IMAT, "shoe:up height");
    assertThat(upHeight.apparel()).isEqualTo(Apparel.SHOE);
    assertThat(upHeight.attribute()).isEqualTo("up height");
    assertThat(IMAT.task("3").name()).isEqualTo("shoe:color");
  }

  @Test
  void findsTasksAndLabelsById() {
    assertThat(IMAT.findTask("3")).map(Task::name).contains("shoe:color");
    assertThat(IMAT.findLabel("3")).map(Label::name).contains("black");
    assertThat(IMAT.findTask("999")).isEmpty();
    assertThat(IMAT.findLabel("999")).isEmpty();
    assertThatThrownBy(() -> IMAT.task("999")).hasMessageContaining("999");
    assertThatThrownBy(() -> IMAT.label("999")).hasMessageContaining("999");
  }

  @Test
  void builderKeepsDefinitionOrder() {
    Taxonomy t = Fixtures.tiny();
    assertThat(t.tasks()).extracting(Task::id).containsExactly("1", "2", "3");
    assertThat(t.task("3").labels())
        .extracting(Label::name)
        .containsExactly("black", "white", "red", "grey");
    assertThat(t.pairCount()).isEqualTo(5 + 2 + 4);
    assertThat(t.apparels()).containsExactly(Apparel.DRESS, Apparel.SHOE);
  }

  @Test
  void builderRejectsBadDefinitions() {
    assertThatThrownBy(() -> Taxonomy.builder().addLabel("1", "a").addLabel("1", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate label id '1'");
    assertThatThrownBy(
            () ->
                Taxonomy.builder()
                    .addLabel("1", "a")
                    .addTask("1", "shoe:x", List.of())
                    .addTask("1", "shoe:y", List.of()))
        .hasMessageContaining("duplicate task id '1'");
    for (String bad : List.of("shoecolor", ":color", "shoe:", "")) {
      assertThatThrownBy(() -> Taxonomy.builder().addTask("1", bad, List.of()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("apparel:attribute");
    }
    assertThatThrownBy(() -> Taxonomy.builder().addTask("1", "shoe:x", List.of("9")))
        .hasMessageContaining("unknown label id '9'");
    assertThatThrownBy(
            () -> Taxonomy.builder().addLabel("1", "a").addTask("1", "shoe:x", List.of("1", "1")))
        .hasMessageContaining("listed twice");
  }

  @Test
  void withTaskLabelsReplacesTheLists() {
    Taxonomy t = Fixtures.tiny().withTaskLabels(Map.of("2", List.of("7")));
    assertThat(t.task("1").labels()).isEmpty();
    assertThat(t.task("2").labels()).extracting(Label::id).containsExactly("7");
    assertThat(t.task("3").labels()).isEmpty();
    assertThat(t.pairCount()).isEqualTo(1);
    assertThat(t.hasTaskLabels()).isFalse();
    assertThat(t.labels()).isEqualTo(Fixtures.tiny().labels());
  }

  @Test
  void withTaskLabelsRejectsUnknownIds() {
    assertThatThrownBy(() -> Fixtures.tiny().withTaskLabels(Map.of("9", List.of("1"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fixtures.tiny().withTaskLabels(Map.of("1", List.of("99"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityIncludesTaskLabelLists() {
    assertThat(Fixtures.tiny()).isEqualTo(Fixtures.tiny());
    assertThat(Fixtures.tiny()).hasSameHashCodeAs(Fixtures.tiny());
    Taxonomy fewer = Fixtures.tiny().withTaskLabels(Map.of("1", List.of("1")));
    assertThat(fewer).isNotEqualTo(Fixtures.tiny());
  }

  @Test
  void apparelNamesMustBeNonEmptyWithoutColon() {
    assertThat(Apparel.of("shoe")).isEqualTo(Apparel.SHOE);
    assertThatThrownBy(() -> Apparel.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Apparel.of("a:b")).isInstanceOf(IllegalArgumentException.class);
  }
}
