package io.imat.api.taxonomy;

import static io.imat.api.Fixtures.json;
import static io.imat.api.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.imat.api.Fixtures;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and writing taxonomy files (through {@link Taxonomy}). */
class TaxonomyFilesTest {
  private static final String TASKS =
      json(
          "{'taskInfo':[{'taskName':'shoe:color','taskId':'1'},"
              + "{'taskName':'shoe:gender','taskId':'2'}]}");
  private static final String LABELS =
      json(
          "{'labelInfo':[{'labelName':'black','labelId':'1'},{'labelName':'men','labelId':'2'},"
              + "{'labelName':'women','labelId':'3'}]}");

  private final FileSystem fs = Fixtures.jimfs();
  private final Path dir = fs.getPath("/tax");

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  private Path taskMap(String text) throws IOException {
    return write(dir.resolve("fgvc4_iMat.task_map.json"), text);
  }

  private Path labelMap(String text) throws IOException {
    return write(dir.resolve("fgvc4_iMat.label_map.json"), text);
  }

  private Path taskLabels(String text) throws IOException {
    return write(dir.resolve("task_labels.txt"), text);
  }

  private InvalidDataException loadFails(Path tasks, Path labels, Path lists) {
    return catchThrowableOfType(
        InvalidDataException.class,
        () -> {
          if (lists == null) {
            Taxonomy.load(tasks, labels);
          } else {
            Taxonomy.load(tasks, labels, lists);
          }
        });
  }

  @Test
  void loadsTaskAndLabelMapsWithTaskLabels() throws IOException {
    Taxonomy t = Taxonomy.load(taskMap(TASKS), labelMap(LABELS), taskLabels("1 1\n2 2 3\n"));
    assertThat(t.tasks()).extracting(Task::name).containsExactly("shoe:color", "shoe:gender");
    assertThat(t.labels()).extracting(Label::name).containsExactly("black", "men", "women");
    assertThat(t.task("2").labels()).extracting(Label::id).containsExactly("2", "3");
    assertThat(t.pairCount()).isEqualTo(3);
  }

  @Test
  void loadWithoutTaskLabelsGivesTasksWithoutLabels() throws IOException {
    Taxonomy t = Taxonomy.load(taskMap(TASKS), labelMap(LABELS));
    assertThat(t.taskCount()).isEqualTo(2);
    assertThat(t.labelCount()).isEqualTo(3);
    assertThat(t.tasks()).allSatisfy(task -> assertThat(task.labels()).isEmpty());
    assertThat(t.pairCount()).isZero();
    assertThat(t.hasTaskLabels()).isFalse();
  }

  @Test
  void taskLabelsFileSkipsBlankAndCommentLines() throws IOException {
    Taxonomy t =
        Taxonomy.load(taskMap(TASKS), labelMap(LABELS), taskLabels("# lists\n\n1 1\r\n2 3 2\n"));
    assertThat(t.task("2").labels()).extracting(Label::id).containsExactly("3", "2");
  }

  @Test
  void imaterialist2017RoundTripsThroughADirectory() throws IOException {
    Taxonomy.imaterialist2017().writeDirectory(dir);
    assertThat(dir.resolve("fgvc4_iMat.task_map.json")).exists();
    assertThat(dir.resolve("fgvc4_iMat.label_map.json")).exists();
    assertThat(dir.resolve("task_labels.txt")).exists();
    assertThat(Taxonomy.loadDirectory(dir)).isEqualTo(Taxonomy.imaterialist2017());
  }

  @Test
  void taxonomyWithoutListsRoundTripsWithoutTaskLabelsFile() throws IOException {
    Taxonomy noLists = Fixtures.tiny().withTaskLabels(Map.of());
    noLists.writeDirectory(dir);
    assertThat(dir.resolve("task_labels.txt")).doesNotExist();
    assertThat(Taxonomy.loadDirectory(dir)).isEqualTo(noLists);
  }

  @Test
  void rewritingADirectoryWithoutListsDropsTheOldTaskLabelsFile() throws IOException {
    Fixtures.tiny().writeDirectory(dir);
    Taxonomy noLists = Fixtures.tiny().withTaskLabels(Map.of());
    noLists.writeDirectory(dir);
    assertThat(Taxonomy.loadDirectory(dir)).isEqualTo(noLists);
  }

  @Test
  void partialListsRoundTrip() throws IOException {
    Taxonomy partial = Fixtures.tiny().withTaskLabels(Map.of("2", List.of("6", "7")));
    partial.writeDirectory(dir);
    assertThat(Taxonomy.loadDirectory(dir)).isEqualTo(partial);
  }

  @Test
  void roundTripsOnTheDefaultFileSystem(@TempDir Path tmp) throws IOException {
    Fixtures.tiny().writeDirectory(tmp);
    assertThat(Taxonomy.loadDirectory(tmp)).isEqualTo(Fixtures.tiny());
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path tasks = taskMap("{'taskInfo': [");
    InvalidDataException e = loadFails(tasks, labelMap(LABELS), null);
    assertThat(e.source()).isEqualTo(tasks.toString());
    assertThat(e.getMessage()).startsWith(tasks.toString()).contains("malformed JSON");
  }

  @Test
  void missingRootArrayIsReported() throws IOException {
    Path labels = labelMap(json("{'labels':[]}"));
    InvalidDataException e = loadFails(taskMap(TASKS), labels, null);
    assertThat(e.source()).isEqualTo(labels.toString());
    assertThat(e.location()).isEqualTo("$");
    assertThat(e.problem()).contains("labelInfo");
  }

  @Test
  void missingFieldNamesTheElement() throws IOException {
    Path tasks =
        taskMap(json("{'taskInfo':[{'taskName':'shoe:color','taskId':'1'},{'taskId':'2'}]}"));
    InvalidDataException e = loadFails(tasks, labelMap(LABELS), null);
    assertThat(e.source()).isEqualTo(tasks.toString());
    assertThat(e.location()).isEqualTo("$.taskInfo[1]");
    assertThat(e.problem()).contains("taskName");
  }

  @Test
  void duplicateIdNamesTheElement() throws IOException {
    Path labels =
        labelMap(
            json(
                "{'labelInfo':[{'labelName':'a','labelId':'1'},{'labelName':'b','labelId':'2'},"
                    + "{'labelName':'c','labelId':'1'}]}"));
    InvalidDataException e = loadFails(taskMap(TASKS), labels, null);
    assertThat(e.source()).isEqualTo(labels.toString());
    assertThat(e.location()).isEqualTo("$.labelInfo[2].labelId");
    assertThat(e.problem()).contains("duplicate id '1'");
  }

  @Test
  void badTaskNameNamesTheTask() throws IOException {
    Path tasks = taskMap(json("{'taskInfo':[{'taskName':'shoecolor','taskId':'7'}]}"));
    InvalidDataException e = loadFails(tasks, labelMap(LABELS), null);
    assertThat(e.source()).isEqualTo(tasks.toString());
    assertThat(e.location()).contains("7");
    assertThat(e.problem()).contains("shoecolor").contains("apparel:attribute");
  }

  @Test
  void unknownLabelIdInTaskLabelsNamesTheLine() throws IOException {
    Path lists = taskLabels("1 1\n2 2 99\n");
    InvalidDataException e = loadFails(taskMap(TASKS), labelMap(LABELS), lists);
    assertThat(e.source()).isEqualTo(lists.toString());
    assertThat(e.location()).isEqualTo("line 2");
    assertThat(e.problem()).contains("unknown label id '99'");
  }

  @Test
  void unknownTaskIdInTaskLabelsNamesTheLine() throws IOException {
    Path lists = taskLabels("1 1\n2 2\n5 1\n");
    InvalidDataException e = loadFails(taskMap(TASKS), labelMap(LABELS), lists);
    assertThat(e.location()).isEqualTo("line 3");
    assertThat(e.problem()).contains("unknown task id '5'");
  }

  @Test
  void taskListedTwiceOrMissingInTaskLabelsIsReported() throws IOException {
    InvalidDataException twice =
        loadFails(taskMap(TASKS), labelMap(LABELS), taskLabels("1 1\n1 2\n"));
    assertThat(twice.location()).isEqualTo("line 2");
    InvalidDataException missing = loadFails(taskMap(TASKS), labelMap(LABELS), taskLabels("1 1\n"));
    assertThat(missing.problem()).contains("no line for task ids [2]");
  }

  @Test
  void emptyMapIsReported() throws IOException {
    Path tasks = taskMap(json("{'taskInfo':[]}"));
    InvalidDataException e = loadFails(tasks, labelMap(LABELS), null);
    assertThat(e.location()).isEqualTo("$.taskInfo");
  }

  @Test
  void missingFileIsAnIoException() {
    assertThat(Files.exists(dir)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Taxonomy.loadDirectory(dir))
        .isInstanceOf(IOException.class);
  }
}
