package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.dataset.Annotation;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Taxonomy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
  private static final Taxonomy IMAT = Taxonomy.imaterialist2017();

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private static SyntheticDataset small(long seed) {
    return SyntheticDataset.builder()
        .images(40)
        .imageSize(48)
        .seed(seed)
        .deadFraction(0.15)
        .flakyFraction(0.2)
        .build();
  }

  private static List<ImatDataset> splits(SyntheticDataset s) {
    return List.of(s.train(), s.validation(), s.test(), s.testTruth());
  }

  private static List<ImageRecord> allImages(SyntheticDataset s) {
    List<ImageRecord> out = new ArrayList<>();
    out.addAll(s.train().images());
    out.addAll(s.validation().images());
    out.addAll(s.test().images());
    return out;
  }

  private static List<Annotation> allAnnotations(SyntheticDataset s) {
    List<Annotation> out = new ArrayList<>();
    out.addAll(s.train().annotations());
    out.addAll(s.validation().annotations());
    out.addAll(s.testTruth().annotations());
    return out;
  }

  /** Every regular file under {@code dir}, by relative path, with its bytes. */
  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static String path(SyntheticDataset s, String url) {
    return url.substring(s.manifest().baseUrl().length());
  }

  @Test
  void sameSeedGivesTheSameDatasets() {
    SyntheticDataset a = small(11);
    SyntheticDataset b = small(11);
    for (int k = 0; k < 4; k++) {
      assertThat(splits(b).get(k).images()).isEqualTo(splits(a).get(k).images());
      assertThat(splits(b).get(k).annotations()).isEqualTo(splits(a).get(k).annotations());
    }
    assertThat(b.faults()).isEqualTo(a.faults());
    assertThat(b.jpeg("7")).isEqualTo(a.jpeg("7"));
  }

  @Test
  void otherSeedGivesOtherDatasets() {
    SyntheticDataset a = small(11);
    SyntheticDataset b = small(12);
    assertThat(allAnnotations(b)).isNotEqualTo(allAnnotations(a));
    assertThat(allImages(b)).isNotEqualTo(allImages(a));
    assertThat(b.jpeg("7")).isNotEqualTo(a.jpeg("7"));
  }

  @Test
  void sameSeedWritesTheSameBytesIncludingPictures() throws IOException {
    Path first = fs.getPath("/one");
    Path second = fs.getPath("/two");
    small(5).write(first);
    small(5).write(second);
    Map<String, byte[]> a = files(first);
    Map<String, byte[]> b = files(second);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    assertThat(a.keySet()).anyMatch(name -> name.endsWith(".jpg"));
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
  }

  @Test
  void otherSeedWritesOtherBytes() throws IOException {
    Path first = fs.getPath("/one");
    Path second = fs.getPath("/two");
    small(5).write(first);
    small(6).write(second);
    assertThat(Files.readAllBytes(second.resolve(SyntheticDataset.TRAIN_FILE)))
        .isNotEqualTo(Files.readAllBytes(first.resolve(SyntheticDataset.TRAIN_FILE)));
    assertThat(Files.readAllBytes(second.resolve("images/1.jpg")))
        .isNotEqualTo(Files.readAllBytes(first.resolve("images/1.jpg")));
  }

  @Test
  void writesTheIMaterialistLayoutWithPicturesOfImagesThatAreNotGone() throws IOException {
    SyntheticDataset s = small(3);
    Path dir = fs.getPath("/synth");
    s.write(dir);

    try (Stream<Path> top = Files.list(dir)) {
      assertThat(top.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "fgvc4_iMat.train.data.json",
              "fgvc4_iMat.validation.data.json",
              "fgvc4_iMat.test.image.json",
              "fgvc4_iMat.test.truth.json",
              "fgvc4_iMat.task_map.json",
              "fgvc4_iMat.label_map.json",
              "task_labels.txt",
              "synth.json",
              "images");
    }
    Set<String> expected =
        allImages(s).stream()
            .filter(img -> !s.isGone(img.id()))
            .map(img -> img.id() + ".jpg")
            .collect(Collectors.toSet());
    long gone = allImages(s).stream().filter(img -> s.isGone(img.id())).count();
    assertThat(gone).as("the fixture should have gone images").isPositive();
    try (Stream<Path> pics = Files.list(dir.resolve("images"))) {
      assertThat(pics.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .isEqualTo(expected);
    }
  }

  @Test
  void writesToTheDefaultFileSystem(@TempDir Path tmp) throws IOException {
    SyntheticDataset s = small(3);
    s.write(tmp);
    long pictures = allImages(s).stream().filter(img -> !s.isGone(img.id())).count();
    try (Stream<Path> pics = Files.list(tmp.resolve("images"))) {
      assertThat(pics.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(pictures);
    }
    assertThat(Files.readAllBytes(tmp.resolve("images/1.jpg"))).isEqualTo(s.jpeg("1"));
  }

  @Test
  void writtenFilesLoadWithTheRealLoaderAndWrittenTaxonomy() throws IOException {
    SyntheticDataset s = small(3);
    Path dir = fs.getPath("/synth");
    s.write(dir);

    Taxonomy written = Taxonomy.loadDirectory(dir);
    assertThat(written).isEqualTo(s.taxonomy());
    ImatDataset train = ImatDataset.load(dir.resolve(SyntheticDataset.TRAIN_FILE), written);
    ImatDataset valid = ImatDataset.load(dir.resolve(SyntheticDataset.VALIDATION_FILE), written);
    ImatDataset test = ImatDataset.load(dir.resolve(SyntheticDataset.TEST_FILE), written);
    ImatDataset truth = ImatDataset.load(dir.resolve(SyntheticDataset.TEST_TRUTH_FILE), written);
    assertThat(train.images()).isEqualTo(s.train().images());
    assertThat(train.annotations()).isEqualTo(s.train().annotations());
    assertThat(valid.annotations()).isEqualTo(s.validation().annotations());
    assertThat(test.hasAnnotations()).isFalse();
    assertThat(test.images()).isEqualTo(s.test().images());
    assertThat(truth.annotations()).isEqualTo(s.testTruth().annotations());
    // the same ids are valid in the real taxonomy, so the default loader accepts the files too
    assertThat(ImatDataset.load(dir.resolve(SyntheticDataset.TRAIN_FILE)).pairCount())
        .isEqualTo(s.train().pairCount());
    assertThat(SyntheticManifest.read(dir)).isEqualTo(s.manifest());
  }

  @Test
  void picturesAreDecodableJpegsAroundTheNominalSize() throws IOException {
    SyntheticDataset s = small(3);
    for (String id : List.of("1", "2", "3")) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.jpeg(id)));
      assertThat(img).isNotNull();
      assertThat(img.getWidth()).isBetween(43, 56);
      assertThat(img.getHeight()).isBetween(43, 56);
    }
  }

  @Test
  void splitsAreDisjointAndSizedByTheFractions() {
    SyntheticDataset s = SyntheticDataset.builder().images(200).build();
    assertThat(s.train().size()).isEqualTo(140);
    assertThat(s.validation().size()).isEqualTo(30);
    assertThat(s.test().size()).isEqualTo(30);
    assertThat(allImages(s).stream().map(ImageRecord::id).distinct()).hasSize(200);
    assertThat(s.train().hasAnnotations()).isTrue();
    assertThat(s.test().hasAnnotations()).isFalse();
    assertThat(s.testTruth().images()).isEqualTo(s.test().images());
  }

  @Test
  void urlsAreMirrorsOnTheBaseUrl() {
    SyntheticDataset s =
        SyntheticDataset.builder().images(50).baseUrl("http://127.0.0.1:9999").build();
    for (ImageRecord img : allImages(s)) {
      assertThat(img.urls()).hasSizeBetween(2, 3);
      for (int m = 0; m < img.urls().size(); m++) {
        assertThat(img.urls().get(m))
            .startsWith("http://127.0.0.1:9999/m" + m + "/" + img.id() + "/")
            .endsWith(".jpg");
      }
    }
    assertThat(s.manifest().port()).isEqualTo(9999);
  }

  @Test
  void faultsAreDeclaredInRoughlyTheConfiguredFractions() {
    SyntheticDataset s =
        SyntheticDataset.builder().images(2000).deadFraction(0.1).flakyFraction(0.2).build();
    int gone = 0;
    int flaky = 0;
    for (ImageRecord img : allImages(s)) {
      List<Fault> faults =
          img.urls().stream().map(u -> s.faults().get(path(s, u))).filter(f -> f != null).toList();
      if (s.isGone(img.id())) {
        gone++;
        assertThat(faults).hasSameSizeAs(img.urls());
        assertThat(faults).allSatisfy(f -> assertThat(f.kind().permanent()).isTrue());
      } else if (!faults.isEmpty()) {
        flaky++;
        // only the first mirror misbehaves; another one always serves the picture
        assertThat(faults).hasSize(1);
        assertThat(s.faults()).containsKey(path(s, img.urls().get(0)));
      }
    }
    assertThat(gone / 2000.0).isCloseTo(0.1, within(0.03));
    assertThat(flaky / 2000.0).isCloseTo(0.2, within(0.04));
    assertThat(s.faults().values().stream().map(Fault::kind).distinct().count())
        .isGreaterThanOrEqualTo(8);
  }

  @Test
  void noFaultsWhenFractionsAreZero() {
    SyntheticDataset s =
        SyntheticDataset.builder().images(100).deadFraction(0).flakyFraction(0).build();
    assertThat(s.faults()).isEmpty();
    assertThat(allImages(s)).noneMatch(img -> s.isGone(img.id()));
  }

  @Test
  void synonymsAreAnnotatedTogether() {
    List<Set<String>> labelSets =
        allAnnotations(SyntheticDataset.builder().images(600).build()).stream()
            .map(a -> a.labels().stream().map(Label::name).collect(Collectors.toSet()))
            .toList();
    assertThat(labelSets).anyMatch(names -> names.containsAll(Set.of("grey", "gray")));
    assertThat(labelSets).anyMatch(names -> names.containsAll(Set.of("navy", "navy blue")));
    assertThat(labelSets).anyMatch(names -> names.size() == 1);
  }

  @Test
  void everyAnnotationIsValidInTheReal2017Taxonomy() {
    SyntheticDataset s = SyntheticDataset.builder().images(300).seed(8).build();
    List<Annotation> all = allAnnotations(s);
    assertThat(all).isNotEmpty();
    for (Annotation a : all) {
      var realTask = IMAT.task(a.task().id());
      assertThat(realTask.name()).isEqualTo(a.task().name());
      for (Label l : a.labels()) {
        Label real = IMAT.label(l.id());
        assertThat(real.name()).isEqualTo(l.name());
        assertThat(realTask.accepts(real)).as("%s / %s", realTask, real).isTrue();
      }
    }
  }

  @Test
  void everyApparelAppearsAndMostImagesHaveAColour() {
    SyntheticDataset s = SyntheticDataset.builder().images(300).seed(8).build();
    ImatDataset train = s.train();
    Set<Apparel> apparels = new java.util.HashSet<>();
    int withColour = 0;
    for (int i = 0; i < train.size(); i++) {
      train.apparel(i).ifPresent(apparels::add);
      if (train.tasks(i).stream().anyMatch(t -> t.attribute().equals("color"))) {
        withColour++;
      }
    }
    assertThat(apparels)
        .containsExactlyInAnyOrder(Apparel.SHOE, Apparel.DRESS, Apparel.PANTS, Apparel.OUTERWEAR);
    assertThat(withColour).isGreaterThan(train.size() * 9 / 10);
  }

  @Test
  void renderedColourMatchesTheAnnotatedColour() {
    SyntheticDataset s = SyntheticDataset.builder().images(400).seed(4).build();
    ImatDataset train = s.train();
    int reds = 0;
    int blues = 0;
    for (int i = 0; i < train.size() && (reds < 3 || blues < 3); i++) {
      // shoes are always solid, so their pixels show the colour alone
      if (!train.apparel(i).equals(java.util.Optional.of(Apparel.SHOE))) {
        continue;
      }
      Set<String> colour =
          train.labels(i, IMAT.task("3")).stream().map(Label::name).collect(Collectors.toSet());

      String id = train.image(i).id();
      if (colour.equals(Set.of("red")) && reds < 3) {
        reds++;
        double[] rgb = GarmentPainterTest.meanSaturatedColour(s.render(id));
        assertThat(rgb[0] - rgb[2]).as("red shoe %s", id).isGreaterThan(80);
      } else if (colour.equals(Set.of("blue")) && blues < 3) {
        blues++;
        double[] rgb = GarmentPainterTest.meanSaturatedColour(s.render(id));
        assertThat(rgb[2] - rgb[0]).as("blue shoe %s", id).isGreaterThan(80);
      }
    }
    assertThat(reds).isEqualTo(3);
    assertThat(blues).isEqualTo(3);
  }

  @Test
  void builderRejectsBadOptions() {
    assertThatThrownBy(() -> SyntheticDataset.builder().images(9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticDataset.builder().baseUrl("ftp://host"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticDataset.builder().baseUrl("http://host:1/path"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticDataset.builder().imageSize(16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticDataset.builder().deadFraction(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> SyntheticDataset.builder().deadFraction(0.6).flakyFraction(0.6).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticDataset.builder().splits(0.8, 0.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> small(1).isGone("nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
