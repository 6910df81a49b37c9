package io.imat.api.dataset;

import static io.imat.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.Fixtures;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImatDatasetTest {
  private static final Taxonomy TINY = Fixtures.tiny();
  private static final Task SHOE_COLOR = TINY.task("1");
  private static final Task SHOE_GENDER = TINY.task("2");
  private static final Task DRESS_COLOR = TINY.task("3");

  private final FileSystem fs = Fixtures.jimfs();

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  /** a: shoe, grey+gray colour, men; b: dress, red; c: no annotations. */
  private static ImatDataset sample() {
    return ImatDataset.builder(TINY)
        .addImage("a", "http://x/a.jpg", "http://y/a.jpg")
        .addImage("b", "http://x/b.jpg")
        .addImage("c")
        .annotate("a", "1", "4")
        .annotate("a", "1", "5")
        .annotate("a", "2", "6")
        .annotate("b", "3", "3")
        .build();
  }

  @Test
  void builderCollectsImagesAndGroundTruth() {
    ImatDataset d = sample();
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.hasAnnotations()).isTrue();
    assertThat(d.pairCount()).isEqualTo(3);
    assertThat(d.labelCount()).isEqualTo(4);
    assertThat(d.taskCount(0)).isEqualTo(2);
    assertThat(d.tasks(0)).containsExactly(SHOE_COLOR, SHOE_GENDER);
    assertThat(d.labels(0, SHOE_COLOR)).extracting(Label::name).containsExactly("grey", "gray");
    assertThat(d.labels(0, DRESS_COLOR)).isEmpty();
    assertThat(d.tasks(2)).isEmpty();
    assertThat(d.indexOf("b")).isEqualTo(1);
    assertThat(d.indexOf("zz")).isEqualTo(-1);
    assertThat(d.contains("c")).isTrue();
    assertThat(d.image("a").orElseThrow().urls())
        .containsExactly("http://x/a.jpg", "http://y/a.jpg");
  }

  @Test
  void annotationsAreOnePerAnnotatedTask() {
    List<Annotation> a = sample().annotations(0);
    assertThat(a).hasSize(2);
    assertThat(a.get(0).task()).isEqualTo(SHOE_COLOR);
    assertThat(a.get(0).labels()).extracting(Label::id).containsExactly("4", "5");
    assertThat(a.get(1).labels()).extracting(Label::id).containsExactly("6");
    assertThat(sample().annotations()).hasSize(3);
  }

  @Test
  void apparelComesFromTheAnnotatedTasks() {
    ImatDataset d = sample();
    assertThat(d.apparel(0)).contains(Apparel.SHOE);
    assertThat(d.apparel(1)).contains(Apparel.DRESS);
    assertThat(d.apparel(2)).isEmpty();
  }

  @Test
  void frequenciesCountEachCorrectLabel() {
    ImatDataset d = sample();
    assertThat(d.labelFrequencies(SHOE_COLOR).count(TINY.label("4"))).isEqualTo(1);
    assertThat(d.labelFrequencies(SHOE_COLOR).count(TINY.label("5"))).isEqualTo(1);
    assertThat(d.labelFrequencies(SHOE_COLOR).size()).isEqualTo(2);
    assertThat(d.taskFrequencies())
        .isEqualTo(Map.of(SHOE_COLOR, 1, SHOE_GENDER, 1, DRESS_COLOR, 1));
  }

  @Test
  void builderDeduplicatesRepeatedAnnotations() {
    ImatDataset d =
        ImatDataset.builder(TINY)
            .addImage("a")
            .annotate("a", "1", "1")
            .annotate("a", "1", "1")
            .build();
    assertThat(d.labelCount()).isEqualTo(1);
  }

  @Test
  void builderRejectsInvalidInput() {
    ImatDataset.Builder b = ImatDataset.builder(TINY).addImage("a");
    assertThatThrownBy(() -> b.addImage("a")).hasMessageContaining("duplicate image id 'a'");
    assertThatThrownBy(() -> b.addImage("../a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.annotate("zz", "1", "1")).hasMessageContaining("unknown image");
    assertThatThrownBy(() -> b.annotate("a", "2", "1")).hasMessageContaining("not valid");
    assertThatThrownBy(() -> b.annotate("a", "9", "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyBuilderIsNotAnnotatedUnlessSaidSo() {
    assertThat(ImatDataset.builder(TINY).addImage("a").build().hasAnnotations()).isFalse();
    assertThat(ImatDataset.builder(TINY).addImage("a").annotated(true).build().hasAnnotations())
        .isTrue();
  }

  @Test
  void deriveTaxonomyCollectsTheAnnotatedLabelsPerTask() throws IOException {
    Taxonomy bare = TINY.withTaskLabels(Map.of());
    Path dir = fs.getPath("/tax");
    bare.writeDirectory(dir);
    Taxonomy loaded =
        Taxonomy.load(
            dir.resolve("fgvc4_iMat.task_map.json"), dir.resolve("fgvc4_iMat.label_map.json"));
    assertThat(loaded.hasTaskLabels()).isFalse();
    Path data =
        Fixtures.write(
            fs.getPath("/train.json"),
            json(
                "{'images':[{'imageId':'a','url':[]},{'imageId':'b','url':[]}],'annotations':["
                    + "{'imageId':'a','taskId':'1','labelId':'3'},"
                    + "{'imageId':'b','taskId':'1','labelId':'1'},"
                    + "{'imageId':'b','taskId':'1','labelId':'3'},"
                    // without task-label lists nothing says 7 cannot answer dress:color
                    + "{'imageId':'b','taskId':'3','labelId':'7'}]}"));
    ImatDataset d = ImatDataset.load(data, loaded);

    Taxonomy derived = d.deriveTaxonomy();

    assertThat(derived.task("1").labels()).extracting(Label::id).containsExactly("1", "3");
    assertThat(derived.task("2").labels()).isEmpty();
    assertThat(derived.task("3").labels()).extracting(Label::id).containsExactly("7");
    assertThat(derived.pairCount()).isEqualTo(3);
    ImatDataset relabelled = d.withTaxonomy(derived);
    assertThat(relabelled.taxonomy()).isEqualTo(derived);
    assertThat(relabelled.labels(1, derived.task("1")))
        .extracting(Label::id)
        .containsExactly("1", "3");
  }

  @Test
  void withTaxonomyRejectsDifferentIds() {
    Taxonomy other =
        Taxonomy.builder().addLabel("1", "x").addTask("1", "shoe:x", List.of()).build();
    assertThatThrownBy(() -> sample().withTaxonomy(other))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subsetsKeepTheGivenOrderAndGroundTruth() {
    ImatDataset s = sample().subset(1, 0);
    assertThat(s.images()).extracting(ImageRecord::id).containsExactly("b", "a");
    assertThat(s.labels(1, SHOE_COLOR)).hasSize(2);
    assertThat(s.hasAnnotations()).isTrue();
    ImatDataset byId = sample().subset(List.of("c", "b"));
    assertThat(byId.images()).extracting(ImageRecord::id).containsExactly("c", "b");
    assertThat(byId.pairCount()).isEqualTo(1);
    assertThatThrownBy(() -> sample().subset(List.of("nope"))).hasMessageContaining("'nope'");
  }

  @Test
  void withoutAnnotationsLooksLikeATestSet() {
    ImatDataset t = sample().withoutAnnotations();
    assertThat(t.hasAnnotations()).isFalse();
    assertThat(t.pairCount()).isZero();
    assertThat(t.images()).isEqualTo(sample().images());
  }

  @Test
  void writeThenLoadRoundTrips() throws IOException {
    Path file = fs.getPath("/out/train.json");
    sample().write(file);
    ImatDataset back = ImatDataset.load(file, TINY);
    assertThat(back.images()).isEqualTo(sample().images());
    assertThat(back.annotations()).isEqualTo(sample().annotations());
    assertThat(back.hasAnnotations()).isTrue();
  }

  @Test
  void testSetIsWrittenWithoutAnnotationsField() throws IOException {
    Path file = fs.getPath("/out/test.json");
    sample().withoutAnnotations().write(file);
    assertThat(Files.readString(file)).doesNotContain("annotations");
    ImatDataset back = ImatDataset.load(file, TINY);
    assertThat(back.hasAnnotations()).isFalse();
    assertThat(back.images()).isEqualTo(sample().images());
  }

  @Test
  void theOfficialMapsAreCompletedWithTheBundledTaskLabelLists() {
    Taxonomy official = Taxonomy.imaterialist2017();
    Taxonomy maps = official.withTaskLabels(java.util.Map.of());
    io.imat.api.taxonomy.Task shoeColor =
        official.tasks().stream().filter(t -> t.name().equals("shoe:color")).findFirst().get();
    ImatDataset shoes =
        ImatDataset.builder(maps)
            .addImage("1")
            .annotate("1", shoeColor.id(), shoeColor.labels().get(0).id())
            .build();
    assertThat(maps.hasTaskLabels()).isFalse();
    assertThat(maps.hasSameMaps(official)).isTrue();
    assertThat(shoes.completeTaxonomy()).isEqualTo(official);
    assertThat(shoes.withCompleteTaxonomy().taxonomy()).isEqualTo(official);
  }

  @Test
  void otherMapsAreCompletedFromTheAnnotationsThenTheMostFrequentLabel() {
    Taxonomy bare = Fixtures.tiny().withTaskLabels(java.util.Map.of());
    ImatDataset d =
        ImatDataset.builder(bare)
            .addImage("a")
            .addImage("b")
            .annotate("a", "1", "2")
            .annotate("b", "1", "2")
            .annotate("b", "1", "3")
            .annotate("a", "3", "1")
            .build();
    Taxonomy t = d.completeTaxonomy();
    assertThat(t.hasSameMaps(bare)).isTrue();
    assertThat(t.task("1").labels()).extracting(l -> l.id()).containsExactly("2", "3");
    assertThat(t.task("3").labels()).extracting(l -> l.id()).containsExactly("1");
    // shoe:gender has no annotation: the label used most often (white, twice) answers it.
    assertThat(t.task("2").labels()).extracting(l -> l.id()).containsExactly("2");
    assertThatThrownBy(() -> d.withoutAnnotations().completeTaxonomy())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no annotations");
    ImatDataset complete = ImatDataset.builder(Fixtures.tiny()).addImage("a").build();
    assertThat(complete.withCompleteTaxonomy()).isSameAs(complete);
  }
}
