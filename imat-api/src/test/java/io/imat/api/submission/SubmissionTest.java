package io.imat.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imat.api.Fixtures;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmissionTest {
  private static final Taxonomy TINY = Fixtures.tiny();

  private final FileSystem fs = Fixtures.jimfs();
  private final Path csv = fs.getPath("/out/submission.csv");

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  /** Four test images; "x_1" has an underscore in its id. */
  private static ImatDataset testImages() {
    return ImatDataset.builder(TINY)
        .addImage("10")
        .addImage("11")
        .addImage("x_1")
        .addImage("12")
        .build();
  }

  /** Rows for 10 and x_1 only; priors say red, women, grey. */
  private static Predictions predictions() {
    TaskPriors priors = TaskPriors.of(TINY, new float[][] {{0, 0, 1, 0, 0}, {0, 1}, {0, 0, 0, 1}});
    return Predictions.builder(TINY, priors)
        .put("10", new float[] {.1f, .7f, 0, 0, 0, .9f, .1f})
        .put("x_1", new float[] {0, 0, 0, 0, .6f, .2f, .3f})
        .build();
  }

  private InvalidDataException readFails(String content, ImatDataset images) throws IOException {
    Fixtures.write(csv, content);
    InvalidDataException e =
        catchThrowableOfType(
            InvalidDataException.class,
            () -> {
              if (images == null) {
                Submission.read(csv, TINY);
              } else {
                Submission.read(csv, images);
              }
            });
    assertThat(e).as("expected an InvalidDataException").isNotNull();
    assertThat(e.source()).isEqualTo(csv.toString());
    return e;
  }

  @Test
  void writesOneRowPerImageAndTaskAndCountsRowsFromPriors() throws IOException {
    int fromPrior = Submission.write(csv, predictions(), testImages());

    assertThat(fromPrior).isEqualTo(2 * 3);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(1 + 4 * 3);
    assertThat(lines.subList(0, 7))
        .containsExactly(
            "id,predicted", "10_1,2", "10_2,6", "10_3,2", "11_1,3", "11_2,7", "11_3,4");
    // gray (5) answers shoe:color, but dress:color falls back to its best own label, black (1)
    assertThat(lines.subList(7, 10)).containsExactly("x_1_1,5", "x_1_2,7", "x_1_3,1");
  }

  @Test
  void roundTripAnswersEveryImageAndTaskAsThePredictionsDo() throws IOException {
    Submission.write(csv, predictions(), testImages());
    Submission s = Submission.read(csv, testImages());

    assertThat(s.rowCount()).isEqualTo(12);
    assertThat(s.imageIds()).containsExactly("10", "11", "x_1", "12");
    assertThat(s.missingRows(testImages())).isZero();
    for (String id : List.of("10", "11", "x_1", "12")) {
      for (Task t : TINY.tasks()) {
        assertThat(s.top1(id, t)).as("%s_%s", id, t.id()).isEqualTo(predictions().top1(id, t));
      }
    }
  }

  @Test
  void missingRowsAreCountedAndAnsweredWithNothing() throws IOException {
    Fixtures.write(csv, "id,predicted\n10_1,2\n10_3,1\n");
    Submission s = Submission.read(csv, TINY);
    assertThat(s.top1("10", TINY.task("1"))).map(Label::id).contains("2");
    assertThat(s.top1("10", TINY.task("2"))).isEmpty();
    assertThat(s.top1("11", TINY.task("1"))).isEmpty();
    assertThat(s.missingRows(testImages())).isEqualTo(4 * 3 - 2);
  }

  @Test
  void tasksAreMatchedByIdEvenFromAnotherTaxonomy() throws IOException {
    Fixtures.write(csv, "id,predicted\n10_1,2\n10_3,1\n");
    Submission s = Submission.read(csv, TINY);
    // same ids, tasks in the opposite order: positions differ, ids decide
    Taxonomy reordered =
        Taxonomy.builder()
            .addLabel("1", "black")
            .addLabel("2", "white")
            .addTask("3", "dress:color", List.of("1", "2"))
            .addTask("1", "shoe:color", List.of("1", "2"))
            .build();
    assertThat(s.top1("10", reordered.task("1"))).map(Label::id).contains("2");
    assertThat(s.top1("10", reordered.task("3"))).map(Label::id).contains("1");
    Taxonomy unrelated =
        Taxonomy.builder().addLabel("1", "x").addTask("77", "hat:x", List.of("1")).build();
    assertThat(s.top1("10", unrelated.task("77"))).isEmpty();
  }

  @Test
  void toleratesByteOrderMarkBlankLinesAndCrLf() throws IOException {
    Fixtures.write(csv, "\uFEFFid,predicted\r\n10_1,2\r\n\r\n11_2, 6 \r\n");
    Submission s = Submission.read(csv, TINY);
    assertThat(s.rowCount()).isEqualTo(2);
    assertThat(s.top1("11", TINY.task("2"))).map(Label::id).contains("6");
  }

  @Test
  void badHeaderNamesLineOne() throws IOException {
    InvalidDataException e = readFails("image,label\n10_1,2\n", null);
    assertThat(e.location()).isEqualTo("line 1");
    assertThat(readFails("", null).location()).isEqualTo("line 1");
  }

  @Test
  void idWithoutUnderscoreNamesTheLine() throws IOException {
    InvalidDataException e = readFails("id,predicted\n10_1,2\n101,2\n", null);
    assertThat(e.location()).isEqualTo("line 3");
    assertThat(e.problem()).contains("'101'");
    assertThat(readFails("id,predicted\n10_,2\n", null).location()).isEqualTo("line 2");
    assertThat(readFails("id,predicted\n_1,2\n", null).location()).isEqualTo("line 2");
  }

  @Test
  void wrongNumberOfColumnsNamesTheLine() throws IOException {
    assertThat(readFails("id,predicted\n10_1\n", null).location()).isEqualTo("line 2");
    assertThat(readFails("id,predicted\n10_1,2,3\n", null).location()).isEqualTo("line 2");
  }

  @Test
  void unknownTaskIdNamesTheLine() throws IOException {
    InvalidDataException e = readFails("id,predicted\n10_1,2\n10_2,6\n10_9,2\n", null);
    assertThat(e.location()).isEqualTo("line 4");
    assertThat(e.problem()).contains("unknown task id '9'");
  }

  @Test
  void unknownLabelIdNamesTheLine() throws IOException {
    InvalidDataException e = readFails("id,predicted\n10_1,99\n", null);
    assertThat(e.location()).isEqualTo("line 2");
    assertThat(e.problem()).contains("unknown label id '99'");
  }

  @Test
  void unknownImageIdNamesTheLineWhenADatasetIsGiven() throws IOException {
    InvalidDataException e = readFails("id,predicted\n10_1,2\n99_1,2\n", testImages());
    assertThat(e.location()).isEqualTo("line 3");
    assertThat(e.problem()).contains("unknown image id '99'");
  }

  @Test
  void duplicateRowNamesTheLine() throws IOException {
    InvalidDataException e = readFails("id,predicted\n10_1,2\n10_2,6\n10_1,3\n", null);
    assertThat(e.location()).isEqualTo("line 4");
    assertThat(e.problem()).contains("duplicate").contains("10_1");
  }
}
