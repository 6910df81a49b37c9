package io.imat.api.submission;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TopOnePredictor;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kaggle submission: a CSV with header {@code id,predicted} and one row per test image per task,
 * {@code id = imageId_taskId}, {@code predicted = labelId}.
 *
 * <pre>{@code
 * Submission.write(Path.of("submission.csv"), predictions, test);   // 33,726 × 45 rows
 * Submission s = Submission.read(Path.of("submission.csv"), taxonomy);
 * }</pre>
 */
public final class Submission implements TopOnePredictor {
  /** The header line. */
  public static final String HEADER = "id,predicted";

  private final Taxonomy taxonomy;
  // imageId -> label index per task index, -1 where the file has no row.
  private final Map<String, int[]> answers;
  private final int rows;

  private Submission(Taxonomy taxonomy, Map<String, int[]> answers, int rows) {
    this.taxonomy = taxonomy;
    this.answers = answers;
    this.rows = rows;
  }

  /**
   * Writes the submission for every image of {@code images} and every task of the predictions'
   * taxonomy, in image order then task order, with {@link Predictions#answer}: images without a
   * prediction row and untrained tasks get the task's prior top label (a lost picture still earns
   * the majority answer). Atomic.
   *
   * @return the number of rows answered from the priors
   */
  public static int write(Path file, Predictions predictions, ImatDataset images)
      throws IOException {
    int[] fromPrior = {0};
    AtomicFiles.write(
        file,
        out -> {
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
          w.write(HEADER);
          w.write('\n');
          for (ImageRecord image : images.images()) {
            int row = predictions.rowOf(image.id());
            for (Task task : predictions.taxonomy().tasks()) {
              Label label = predictions.answer(row, task);
              if (row < 0) {
                fromPrior[0]++;
              }
              w.write(image.id());
              w.write('_');
              w.write(task.id());
              w.write(',');
              w.write(label.id());
              w.write('\n');
            }
          }
          w.flush();
        });
    return fromPrior[0];
  }

  /**
   * Reads and validates a submission against a taxonomy: the header, the {@code imageId_taskId}
   * shape of every id, known task and label ids, no duplicate rows. Errors name the line.
   */
  public static Submission read(Path file, Taxonomy taxonomy) throws IOException {
    return read(file, taxonomy, null);
  }

  /**
   * Like {@link #read(Path, Taxonomy)}, and also rejects image ids that are not in {@code images}.
   */
  public static Submission read(Path file, ImatDataset images) throws IOException {
    return read(file, images.taxonomy(), images);
  }

  private static Submission read(Path file, Taxonomy taxonomy, ImatDataset images)
      throws IOException {
    String source = file.toString();
    Map<String, int[]> answers = new LinkedHashMap<>();
    int rows = 0;
    int lineNo = 1;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new InvalidDataException(source, "line 1", "empty file, expected '" + HEADER + "'");
      }
      if (!header.strip().replace("\uFEFF", "").equals(HEADER)) {
        throw new InvalidDataException(
            source, "line 1", "header is '" + header + "', expected '" + HEADER + "'");
      }
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = "line " + lineNo;
        int comma = line.indexOf(',');
        if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
          throw new InvalidDataException(source, where, "expected 'imageId_taskId,labelId'");
        }
        String id = line.substring(0, comma).strip();
        String labelId = line.substring(comma + 1).strip();
        int underscore = id.lastIndexOf('_');
        if (underscore <= 0 || underscore == id.length() - 1) {
          throw new InvalidDataException(
              source, where, "id '" + id + "' is not of the form imageId_taskId");
        }
        String imageId = id.substring(0, underscore);
        String taskId = id.substring(underscore + 1);
        Optional<Task> task = taxonomy.findTask(taskId);
        if (task.isEmpty()) {
          throw new InvalidDataException(source, where, "unknown task id '" + taskId + "'");
        }
        Optional<Label> label = taxonomy.findLabel(labelId);
        if (label.isEmpty()) {
          throw new InvalidDataException(source, where, "unknown label id '" + labelId + "'");
        }
        if (images != null && !images.contains(imageId)) {
          throw new InvalidDataException(source, where, "unknown image id '" + imageId + "'");
        }
        int[] perTask =
            answers.computeIfAbsent(
                imageId,
                k -> {
                  int[] a = new int[taxonomy.taskCount()];
                  Arrays.fill(a, -1);
                  return a;
                });
        if (perTask[task.get().index()] >= 0) {
          throw new InvalidDataException(source, where, "duplicate row for id '" + id + "'");
        }
        perTask[task.get().index()] = label.get().index();
        rows++;
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidDataException(source, "line " + (lineNo + 1), "not valid UTF-8 text", e);
    }
    return new Submission(taxonomy, answers, rows);
  }

  /** The taxonomy the ids were checked against. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Number of data rows. */
  public int rowCount() {
    return rows;
  }

  /** The images that have at least one row. */
  public Set<String> imageIds() {
    return java.util.Collections.unmodifiableSet(answers.keySet());
  }

  /**
   * The submitted label for ({@code imageId}, {@code task}), or empty if there is no row. The task
   * is matched by id, so it may come from another taxonomy than the one the file was read with.
   */
  @Override
  public Optional<Label> top1(String imageId, Task task) {
    int[] perTask = answers.get(imageId);
    Optional<Task> own = taxonomy.findTask(task.id());
    if (perTask == null || own.isEmpty() || perTask[own.get().index()] < 0) {
      return Optional.empty();
    }
    return Optional.of(taxonomy.labels().get(perTask[own.get().index()]));
  }

  /**
   * The number of (image, task) rows a complete submission for {@code images} needs but this one
   * lacks.
   */
  public int missingRows(ImatDataset images) {
    int missing = 0;
    for (ImageRecord image : images.images()) {
      int[] perTask = answers.get(image.id());
      for (int t = 0; t < taxonomy.taskCount(); t++) {
        if (perTask == null || perTask[t] < 0) {
          missing++;
        }
      }
    }
    return missing;
  }
}
