package io.imat.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed scores. Label columns: 0 black, 1 white, 2 red, 3 grey, 4 gray, 5 men, 6 women.
 * Tasks: 1 shoe:color [black white red grey gray], 2 shoe:gender [men women], 3 dress:color [black
 * white red grey], 4 dress:gender [men women] (never annotated).
 */
class TopOneErrorTest {
  static final Taxonomy TAX =
      Taxonomy.builder()
          .addLabel("1", "black")
          .addLabel("2", "white")
          .addLabel("3", "red")
          .addLabel("4", "grey")
          .addLabel("5", "gray")
          .addLabel("6", "men")
          .addLabel("7", "women")
          .addTask("1", "shoe:color", List.of("1", "2", "3", "4", "5"))
          .addTask("2", "shoe:gender", List.of("6", "7"))
          .addTask("3", "dress:color", List.of("1", "2", "3", "4"))
          .addTask("4", "dress:gender", List.of("6", "7"))
          .build();

  private static final Task SHOE_COLOR = TAX.task("1");
  private static final Task SHOE_GENDER = TAX.task("2");
  private static final Task DRESS_COLOR = TAX.task("3");

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  /**
   * s1 shoe {grey, gray} men; s2 shoe black men; d1 dress red; d2 dress white; lost shoe black men;
   * u without annotations. 8 annotated pairs.
   */
  static ImatDataset truth() {
    return ImatDataset.builder(TAX)
        .addImage("s1")
        .addImage("s2")
        .addImage("d1")
        .addImage("d2")
        .addImage("lost")
        .addImage("u")
        .annotate("s1", "1", "4")
        .annotate("s1", "1", "5")
        .annotate("s1", "2", "6")
        .annotate("s2", "1", "1")
        .annotate("s2", "2", "6")
        .annotate("d1", "3", "3")
        .annotate("d2", "3", "2")
        .annotate("lost", "1", "1")
        .annotate("lost", "2", "6")
        .build();
  }

  /** Priors: shoe:color black, shoe:gender women, dress:color black, dress:gender men. */
  static TaskPriors priors() {
    return TaskPriors.of(TAX, new float[][] {{3, 1, 0, 0, 0}, {1, 2}, {1, 1, 1, 1}, {1, 1}});
  }

  /**
   * Answers: s1 color gray (right: one of its two labels), gender women (wrong); s2 color black
   * (right although 'men' has the highest value of the row), gender men (right); d1 color red
   * (right: gray is higher but not a dress:color label); d2 color black (wrong); lost has no row:
   * priors black (right) and women (wrong); u is not annotated. 3 errors in 8 pairs.
   */
  static Predictions predictions() {
    return Predictions.builder(TAX, priors())
        .put("s1", new float[] {.1f, 0, 0, .5f, .6f, .2f, .9f})
        .put("s2", new float[] {.3f, .2f, 0, 0, 0, .95f, .4f})
        .put("d1", new float[] {.1f, .15f, .2f, .05f, .9f, 0, 0})
        .put("d2", new float[] {.7f, .6f, 0, 0, 0, 0, 0})
        .put("u", new float[] {1, 1, 1, 1, 1, 1, 1})
        .build();
  }

  @Test
  void scoresAHandComputedCase() {
    ErrorReport r = TopOneError.of(truth()).score(predictions());
    assertThat(r.pairs()).isEqualTo(8);
    assertThat(r.overall()).isEqualTo(ErrorCount.of(8, 3));
    assertThat(r.score()).isEqualTo(0.375);
    assertThat(r.fromPrior()).isEqualTo(2);
    assertThat(r.missing()).isZero();
  }

  @Test
  void breaksDownPerTaskAndPerApparel() {
    ErrorReport r = TopOneError.of(truth()).score(predictions());
    assertThat(r.perTask().keySet()).containsExactly(SHOE_COLOR, SHOE_GENDER, DRESS_COLOR);
    assertThat(r.perTask().get(SHOE_COLOR)).isEqualTo(ErrorCount.of(3, 0));
    assertThat(r.perTask().get(SHOE_GENDER)).isEqualTo(ErrorCount.of(3, 2));
    assertThat(r.perTask().get(DRESS_COLOR)).isEqualTo(ErrorCount.of(2, 1));
    assertThat(r.perApparel().keySet()).containsExactly(Apparel.DRESS, Apparel.SHOE);
    assertThat(r.perApparel().get(Apparel.SHOE)).isEqualTo(ErrorCount.of(6, 2));
    assertThat(r.perApparel().get(Apparel.DRESS)).isEqualTo(ErrorCount.of(2, 1));
  }

  @Test
  void aPredictionIsRightIfItIsAnyOfSeveralCorrectLabels() {
    ImatDataset t =
        ImatDataset.builder(TAX)
            .addImage("a")
            .addImage("b")
            .annotate("a", "1", "4")
            .annotate("a", "1", "5")
            .annotate("b", "1", "4")
            .annotate("b", "1", "5")
            .build();
    Predictions p =
        Predictions.builder(TAX, priors())
            .put("a", new float[] {0, 0, 0, .9f, .1f, 0, 0}) // grey
            .put("b", new float[] {0, 0, 0, .1f, .9f, 0, 0}) // gray
            .build();
    assertThat(TopOneError.of(t).score(p).score()).isZero();
  }

  @Test
  void aHigherValueOnAnotherTasksLabelDoesNotWin() {
    ImatDataset t = ImatDataset.builder(TAX).addImage("a").annotate("a", "3", "3").build();
    // gray (a shoe:color label) and women beat red overall, but dress:color's answer is red
    Predictions p =
        Predictions.builder(TAX, priors())
            .put("a", new float[] {0, 0, .3f, 0, .9f, 0, .8f})
            .build();
    assertThat(TopOneError.of(t).score(p).score()).isZero();
    Predictions q =
        Predictions.builder(TAX, priors())
            .put("a", new float[] {0, .4f, .3f, 0, .9f, 0, 0})
            .build();
    assertThat(TopOneError.of(t).score(q).score()).isEqualTo(1.0);
  }

  @Test
  void unannotatedTasksAndImagesAreIgnored() {
    // every image gets an answer for every task, but only the 8 annotated pairs count
    ErrorReport r =
        TopOneError.of(truth()).score((imageId, task) -> task.labels().stream().findFirst());
    assertThat(r.pairs()).isEqualTo(8);
    // first labels: shoe:color black (right for s2 and lost, wrong for s1), shoe:gender men (right
    // for s1, s2, lost), dress:color black (wrong for d1 and d2)
    assertThat(r.overall()).isEqualTo(ErrorCount.of(8, 3));
  }

  @Test
  void missingSubmissionRowsAreErrorsAndCounted() throws IOException {
    Path csv =
        Files.writeString(
            fs.getPath("/partial.csv"), "id,predicted\ns1_1,5\ns2_1,1\ns2_2,6\nd1_3,3\nu_1,1\n");
    Submission s = Submission.read(csv, truth());
    ErrorReport r = TopOneError.of(truth()).score(s);
    // missing: s1_2, d2_3, lost_1, lost_2; the four rows given are right
    assertThat(r.missing()).isEqualTo(4);
    assertThat(r.fromPrior()).isZero();
    assertThat(r.overall()).isEqualTo(ErrorCount.of(8, 4));
    assertThat(r.perTask().get(SHOE_GENDER)).isEqualTo(ErrorCount.of(3, 2));
  }

  @Test
  void writtenAndReadSubmissionScoresLikeThePredictions() throws IOException {
    Path csv = fs.getPath("/submission.csv");
    int fromPrior = Submission.write(csv, predictions(), truth());
    assertThat(fromPrior).isEqualTo(4); // lost's four tasks

    ErrorReport viaSubmission = TopOneError.of(truth()).score(Submission.read(csv, truth()));
    ErrorReport viaPredictions = TopOneError.of(truth()).score(predictions());

    assertThat(viaSubmission.overall()).isEqualTo(viaPredictions.overall());
    assertThat(viaSubmission.perTask()).isEqualTo(viaPredictions.perTask());
    assertThat(viaSubmission.missing()).isZero();
  }

  @Test
  void submissionScoreEqualsPredictionScoreOnSyntheticData() throws IOException {
    SyntheticDataset synth = SyntheticDataset.builder().images(300).seed(3).build();
    Taxonomy t = synth.taxonomy();
    ImatDataset truth = synth.testTruth();
    SplittableRandom rnd = new SplittableRandom(1);
    Predictions.Builder b = Predictions.builder(t, TaskPriors.fromDataset(synth.train()));
    for (int i = 0; i < truth.size(); i++) {
      if (i % 7 == 0) {
        continue; // a lost picture: answered from priors
      }
      float[] row = new float[t.labelCount()];
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) rnd.nextDouble();
      }
      b.put(truth.image(i).id(), row);
    }
    Predictions p = b.build();
    Path csv = fs.getPath("/synth.csv");
    Submission.write(csv, p, synth.test());

    ErrorReport viaPredictions = TopOneError.of(truth).score(p);
    ErrorReport viaSubmission = TopOneError.of(truth).score(Submission.read(csv, t));

    assertThat(viaSubmission.overall()).isEqualTo(viaPredictions.overall());
    assertThat(viaPredictions.pairs()).isEqualTo(truth.pairCount());
    assertThat(viaPredictions.fromPrior()).isPositive();
  }

  @Test
  void submissionReadAgainstTheFull2017TaxonomyScoresSyntheticTruthCorrectly() throws IOException {
    // The synthetic taxonomy is an 18-task subset of the real one, with the real ids but other
    // positions: scoring must go by ids, not by positions in either taxonomy.
    SyntheticDataset synth = SyntheticDataset.builder().images(300).seed(3).build();
    ImatDataset truth = synth.testTruth();
    Predictions p =
        Predictions.builder(synth.taxonomy(), TaskPriors.fromDataset(synth.train())).build();
    Path csv = fs.getPath("/priors-only.csv");
    Submission.write(csv, p, synth.test());

    ErrorReport expected = TopOneError.of(truth).score(p);
    ErrorReport actual =
        TopOneError.of(truth).score(Submission.read(csv, Taxonomy.imaterialist2017()));

    assertThat(actual.overall()).isEqualTo(expected.overall());
    assertThat(actual.perTask()).isEqualTo(expected.perTask());
  }

  @Test
  void truthWithoutTaskLabelListsIsScoredWithThePredictionsLists() {
    // Kaggle's files come without task-label lists; the answer is still the predictions' top-1.
    ImatDataset bare = truth().withTaxonomy(TAX.withTaskLabels(Map.of()));
    ErrorReport r = TopOneError.of(bare).score(predictions());
    assertThat(r.overall()).isEqualTo(ErrorCount.of(8, 3));
  }

  @Test
  void truthWithNarrowerListsCannotMakeThePredictionsLookBetter() {
    // derived from the truth, dress:color would only allow {white, red}: d2's answer must still be
    // black (the predictions' top-1 over the full list), as in a submission
    ImatDataset narrow = truth().withTaxonomy(truth().deriveTaxonomy());
    assertThat(narrow.taxonomy().task("3").labels()).hasSize(2);
    ErrorReport r = TopOneError.of(narrow).score(predictions());
    assertThat(r.overall()).isEqualTo(ErrorCount.of(8, 3));
  }

  @Test
  void rejectsPredictionsOverAnotherTaxonomy() {
    Taxonomy other = Taxonomy.imaterialist2017();
    Predictions p = Predictions.builder(other, TaskPriors.uniform(other)).build();
    assertThatThrownBy(() -> TopOneError.of(truth()).score(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another taxonomy");
  }

  @Test
  void needsGroundTruth() {
    assertThatThrownBy(() -> TopOneError.of(truth().withoutAnnotations()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noAnnotatedPairsGiveNaN() {
    ImatDataset empty = ImatDataset.builder(TAX).addImage("a").annotated(true).build();
    ErrorReport r = TopOneError.of(empty).score(predictions());
    assertThat(r.pairs()).isZero();
    assertThat(r.score()).isNaN();
    assertThat(r.perTask()).isEmpty();
  }
}
