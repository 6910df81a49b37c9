package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import org.junit.jupiter.api.Test;

class SyntheticTaxonomyTest {
  private static final Taxonomy IMAT = Taxonomy.imaterialist2017();
  private static final SyntheticTaxonomy SYNTH = SyntheticTaxonomy.create();

  @Test
  void isASubsetOfTheRealTaxonomyWithRealIds() {
    Taxonomy t = SYNTH.taxonomy();
    assertThat(t.taskCount()).isEqualTo(18);
    assertThat(t.hasTaskLabels()).isTrue();
    for (Task task : t.tasks()) {
      Task real = IMAT.task(task.id());
      assertThat(real.name()).isEqualTo(task.name());
      for (Label l : task.labels()) {
        assertThat(IMAT.label(l.id()).name()).isEqualTo(l.name());
        assertThat(real.accepts(IMAT.label(l.id()))).as("%s / %s", task, l).isTrue();
      }
    }
    assertThat(t.apparels())
        .containsExactly(Apparel.DRESS, Apparel.OUTERWEAR, Apparel.PANTS, Apparel.SHOE);
  }

  @Test
  void synonymsMapToSeveralLabels() {
    Task pantsColor = SYNTH.task(Apparel.PANTS, "color").orElseThrow();
    assertThat(SYNTH.labels(pantsColor, "grey"))
        .extracting(Label::name)
        .containsExactly("grey", "gray");
    assertThat(SYNTH.labels(pantsColor, "navy"))
        .extracting(Label::name)
        .containsExactly("navy", "navy blue");
    assertThat(SYNTH.labels(pantsColor, "red")).extracting(Label::name).containsExactly("red");
    Task dressColor = SYNTH.task(Apparel.DRESS, "color").orElseThrow();
    // the real dress:color task only knows the spelling 'gray'
    assertThat(SYNTH.labels(dressColor, "grey")).extracting(Label::name).containsExactly("gray");
  }

  @Test
  void valuesATaskCannotExpressHaveNoLabels() {
    Task shoeColor = SYNTH.task(Apparel.SHOE, "color").orElseThrow();
    assertThat(SYNTH.values(shoeColor)).doesNotContain("purple");
    assertThat(SYNTH.labels(shoeColor, "purple")).isEmpty();
    assertThat(SYNTH.task(Apparel.SHOE, "length")).isEmpty();
  }

  @Test
  void everyTaskCanExpressAtLeastTwoValuesExceptDressGender() {
    for (Task t : SYNTH.taxonomy().tasks()) {
      int min = t.name().equals("dress:gender") ? 1 : 2;
      assertThat(SYNTH.values(t)).as("%s", t).hasSizeGreaterThanOrEqualTo(min);
    }
  }
}
