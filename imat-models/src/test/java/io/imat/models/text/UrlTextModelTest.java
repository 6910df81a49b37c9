package io.imat.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.folds.Folds;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.Predictions;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlTextModelTest {
  /** Shoes and dresses, colour and gender; "black" is shared by both colour tasks. */
  static final Taxonomy TAXONOMY =
      Taxonomy.builder()
          .addLabel("1", "black")
          .addLabel("2", "white")
          .addLabel("3", "green")
          .addLabel("4", "men")
          .addLabel("5", "women")
          .addTask("10", "shoe:color", List.of("1", "2", "3"))
          .addTask("11", "shoe:gender", List.of("4", "5"))
          .addTask("20", "dress:color", List.of("1", "2"))
          .build();

  static final List<String> NOISE = List.of("sale", "new", "acme", "style", "hot", "classic");

  static ImatDataset train;
  static TrainedUrlTextModel model;

  @TempDir Path dir;

  /**
   * The planted rule: a shoe is green exactly when one of its URLs says "zebra" (a word no label
   * has); otherwise black (70 %) or white. Gender is never in the URL. Nouns name the apparel half
   * of the time.
   */
  static ImatDataset planted(int n, long seed, String prefix) {
    SplittableRandom r = new SplittableRandom(seed);
    ImatDataset.Builder b = ImatDataset.builder(TAXONOMY);
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      boolean shoe = r.nextBoolean();
      String colour;
      if (shoe && r.nextDouble() < 0.3) {
        colour = "3";
      } else {
        colour = r.nextDouble() < 0.7 ? "1" : "2";
      }
      StringBuilder words = new StringBuilder(NOISE.get(r.nextInt(NOISE.size())));
      if (colour.equals("3")) {
        words.append("-zebra");
      }
      if (r.nextBoolean()) {
        words.append(shoe ? "-sneakers" : "-gown");
      }
      words.append('-').append(r.nextInt(100000));
      b.addImage(
          id,
          "http://127.0.0.1:8642/m0/" + id + "/" + words + ".jpg",
          "http://cdn.example.com/img_" + r.nextInt(1000000) + ".jpg");
      if (shoe) {
        b.annotate(id, "10", colour);
        b.annotate(id, "11", r.nextBoolean() ? "4" : "5");
      } else {
        b.annotate(id, "20", colour);
      }
    }
    return b.build();
  }

  @BeforeAll
  static void trainOnce() {
    train = planted(600, 1, "");
    model = UrlTextModel.builder().seed(7).build().train(train);
  }

  @Test
  void learnsThePlantedWordRule() {
    ImatDataset test = planted(300, 2, "t");
    Predictions p = model.predict(test);
    var shoeColor = TAXONOMY.task("10");
    int zebra = 0;
    int zebraGreen = 0;
    int plain = 0;
    int plainGreen = 0;
    for (int i = 0; i < test.size(); i++) {
      if (test.labels(i, shoeColor).isEmpty()) {
        continue;
      }
      boolean says = test.image(i).urls().get(0).contains("zebra");
      boolean green = p.top1(p.rowOf(test.image(i).id()), shoeColor).id().equals("3");
      if (says) {
        zebra++;
        zebraGreen += green ? 1 : 0;
      } else {
        plain++;
        plainGreen += green ? 1 : 0;
      }
    }
    assertThat(zebra).isGreaterThan(20);
    assertThat(zebraGreen).isEqualTo(zebra);
    assertThat(plainGreen).isLessThan(plain / 10);
  }

  @Test
  void predictsARowOfProbabilitiesForEveryImageEvenWithoutUrls() {
    ImatDataset data =
        ImatDataset.builder(TAXONOMY)
            .addImage("a", "http://x.com/zebra-sneakers.jpg")
            .addImage("b")
            .build();
    Predictions p = model.predict(data);
    assertThat(p.imageIds()).containsExactly("a", "b");
    for (int r = 0; r < p.size(); r++) {
      for (int l = 0; l < TAXONOMY.labelCount(); l++) {
        assertThat(p.get(r, l)).isBetween(0f, 1f);
      }
    }
    assertThat(p.priors()).isEqualTo(model.priors());
    assertThat(p.metadata()).containsEntry("model", "url-text");
  }

  @Test
  void trainingIsDeterministicBySeed() {
    TrainedUrlTextModel again = UrlTextModel.builder().seed(7).build().train(train);
    TrainedUrlTextModel other = UrlTextModel.builder().seed(8).build().train(train);
    ImatDataset test = planted(50, 3, "d");
    assertThat(rows(again.predict(test))).isEqualTo(rows(model.predict(test)));
    assertThat(rows(other.predict(test))).isNotEqualTo(rows(model.predict(test)));
  }

  @Test
  void saveAndLoadGiveIdenticalPredictions() throws IOException {
    model.save(dir.resolve("m"));
    Path file = dir.resolve("m").resolve(TrainedUrlTextModel.FILE_NAME);
    assertThat(new String(Files.readAllBytes(file), 0, 8, "US-ASCII")).isEqualTo("IMATTEXT");
    TrainedUrlTextModel loaded = TrainedUrlTextModel.load(dir.resolve("m"));
    assertThat(loaded.config()).isEqualTo(model.config());
    assertThat(loaded.taxonomy()).isEqualTo(TAXONOMY);
    assertThat(loaded.priors()).isEqualTo(model.priors());
    assertThat(loaded.trainingImages()).isEqualTo(600);
    ImatDataset test = planted(100, 4, "s");
    assertThat(rows(loaded.predict(test))).isEqualTo(rows(model.predict(test)));
    // Only touched embedding rows are stored: far below buckets x dimension floats.
    assertThat(Files.size(file)).isLessThan(4L * model.config().buckets());
    assertThat(TrainedUrlTextModel.load(file).config()).isEqualTo(model.config());
  }

  @Test
  void loadRejectsOtherFilesVersionsAndTruncation() throws IOException {
    model.save(dir);
    Path file = dir.resolve(TrainedUrlTextModel.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);

    Path truncated = dir.resolve("truncated.bin");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> TrainedUrlTextModel.load(truncated))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("truncated.bin")
        .hasMessageContaining("expected");

    Path version = dir.resolve("version.bin");
    byte[] v2 = bytes.clone();
    ByteBuffer.wrap(v2).putInt(8, 2);
    Files.write(version, v2);
    assertThatThrownBy(() -> TrainedUrlTextModel.load(version))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("version 2");

    Path other = dir.resolve("other.bin");
    Files.writeString(other, "IMATPRED and more bytes than sixteen");
    assertThatThrownBy(() -> TrainedUrlTextModel.load(other))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("not an imat URL text model");
  }

  @Test
  void outOfFoldPredictionsCoverEveryImageFromModelsThatNeverSawIt() {
    Predictions oof =
        UrlTextModel.builder()
            .epochs(3)
            .build()
            .outOfFold(Folds.random(train, 3, 1), ProgressListener.none());
    assertThat(oof.imageIds()).containsExactlyElementsOf(ids(train));
    assertThat(oof.priors()).isEqualTo(model.priors());
  }

  @Test
  void aTaxonomyWithoutTaskLabelListsIsCompletedFromTheTrainingData() {
    // The official maps carry no lists; only shoes are annotated, dress:color is left untrained.
    Taxonomy bare = TAXONOMY.withTaskLabels(java.util.Map.of());
    ImatDataset shoes = planted(40, 3, "s").withTaxonomy(bare);
    ImatDataset onlyShoes =
        shoes.subset(
            java.util.stream.IntStream.range(0, shoes.size())
                .filter(i -> shoes.image(i).id().startsWith("s") && shoes.taskCount(i) == 2)
                .toArray());
    TrainedUrlTextModel m = UrlTextModel.builder().epochs(2).build().train(onlyShoes);
    Taxonomy t = m.taxonomy();
    assertThat(t.hasTaskLabels()).isTrue();
    assertThat(t.task("10").labels()).extracting(l -> l.id()).containsExactly("1", "2", "3");
    // No dress annotation: its list is the label used most often (black), and it is untrained.
    assertThat(t.task("20").labels()).extracting(l -> l.id()).containsExactly("1");
    assertThat(m.priors().untrainedTasks()).extracting(task -> task.id()).containsExactly("20");
  }

  @Test
  void rejectsDataItCannotLearnFromOrPredict() {
    ImatDataset unannotated = planted(5, 1, "u").withoutAnnotations();
    assertThatThrownBy(() -> UrlTextModel.builder().build().train(unannotated))
        .hasMessageContaining("no annotated");
    Taxonomy other =
        Taxonomy.builder().addLabel("1", "red").addTask("1", "shoe:color", List.of("1")).build();
    ImatDataset foreign = ImatDataset.builder(other).addImage("1", "http://x/red.jpg").build();
    assertThatThrownBy(() -> model.predict(foreign)).hasMessageContaining("another taxonomy");
  }

  private static List<String> ids(ImatDataset d) {
    return d.images().stream().map(i -> i.id()).toList();
  }

  private static float[][] rows(Predictions p) {
    float[][] out = new float[p.size()][p.taxonomy().labelCount()];
    for (int r = 0; r < p.size(); r++) {
      p.copyRow(r, out[r]);
    }
    return out;
  }
}
