package io.imat.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TopOnePredictor;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The iMaterialist 2017 metric. For every annotated (image i, task t): e = 0 if the single
 * predicted label is one of the ground-truth labels, else 1 (a missing prediction is an error); the
 * score is the mean of e over all annotated pairs. Lower is better.
 *
 * <pre>{@code
 * ErrorReport r = TopOneError.of(validation).score(predictions);
 * System.out.printf("top-1 error %.4f over %d pairs%n", r.score(), r.pairs());
 * }</pre>
 *
 * Only annotated pairs count: predictions for other tasks of an image are ignored.
 */
public final class TopOneError {
  private final ImatDataset truth;

  private TopOneError(ImatDataset truth) {
    checkArgument(truth.hasAnnotations(), "the ground-truth dataset has no annotations");
    this.truth = truth;
  }

  /** The metric against {@code truth}. */
  public static TopOneError of(ImatDataset truth) {
    return new TopOneError(truth);
  }

  /**
   * Scores predictions: the answer for each pair is the most probable label among the task's
   * labels; images without a row are answered from the task priors, as a submission written from
   * these predictions would be.
   */
  public ErrorReport score(Predictions predictions) {
    checkCompatible(predictions.taxonomy());
    Tally tally = new Tally(truth.taxonomy());
    int[] fromPrior = {0};
    for (int i = 0; i < truth.size(); i++) {
      int row = predictions.rowOf(truth.image(i).id());
      truth.forEachPair(
          i,
          (task, correct) -> {
            // The predictions' own task (same id and position, checked above): its label list
            // decides the answer, as in a submission, whatever lists the ground truth carries.
            Task own = predictions.taxonomy().tasks().get(task.index());
            Label answer = predictions.answer(row, own);
            if (row < 0) {
              fromPrior[0]++;
            }
            tally.add(task, contains(correct, answer.index()));
          });
    }
    return tally.report(fromPrior[0], 0);
  }

  /**
   * Scores any source of top-1 answers, e.g. a {@link io.imat.api.submission.Submission}. A pair
   * without an answer is an error.
   */
  public ErrorReport score(TopOnePredictor predictor) {
    if (predictor instanceof Predictions p) {
      return score(p);
    }
    Tally tally = new Tally(truth.taxonomy());
    int[] missing = {0};
    for (int i = 0; i < truth.size(); i++) {
      String id = truth.image(i).id();
      truth.forEachPair(
          i,
          (task, correct) -> {
            Optional<Label> answer = predictor.top1(id, task);
            if (answer.isEmpty()) {
              missing[0]++;
            }
            tally.add(task, answer.isPresent() && containsId(correct, answer.get().id()));
          });
    }
    return tally.report(0, missing[0]);
  }

  private void checkCompatible(Taxonomy other) {
    Taxonomy mine = truth.taxonomy();
    checkArgument(
        other.taskCount() == mine.taskCount() && other.labelCount() == mine.labelCount(),
        "predictions use another taxonomy (%s tasks, %s labels) than the ground truth (%s, %s)",
        other.taskCount(),
        other.labelCount(),
        mine.taskCount(),
        mine.labelCount());
    for (int t = 0; t < mine.taskCount(); t++) {
      checkArgument(
          mine.tasks().get(t).id().equals(other.tasks().get(t).id()),
          "task %s of the ground truth is task %s of the predictions",
          mine.tasks().get(t).id(),
          other.tasks().get(t).id());
    }
    for (int l = 0; l < mine.labelCount(); l++) {
      checkArgument(
          mine.labels().get(l).id().equals(other.labels().get(l).id()),
          "label ids differ between the ground truth and the predictions at position %s",
          l);
    }
  }

  // The predictor may use another taxonomy (e.g. a submission read against the full 2017 one):
  // compare label ids, not positions.
  private boolean containsId(int[] labelIndexes, String labelId) {
    for (int l : labelIndexes) {
      if (truth.taxonomy().labels().get(l).id().equals(labelId)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(int[] values, int x) {
    for (int v : values) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  /** Accumulates errors per task. */
  private static final class Tally {
    private final Taxonomy taxonomy;
    private final int[] pairs;
    private final int[] errors;

    Tally(Taxonomy taxonomy) {
      this.taxonomy = taxonomy;
      this.pairs = new int[taxonomy.taskCount()];
      this.errors = new int[taxonomy.taskCount()];
    }

    void add(Task task, boolean correct) {
      pairs[task.index()]++;
      if (!correct) {
        errors[task.index()]++;
      }
    }

    ErrorReport report(int fromPrior, int missing) {
      ImmutableMap.Builder<Task, ErrorCount> perTask = ImmutableMap.builder();
      TreeMap<Apparel, int[]> perApparel = new TreeMap<>();
      int totalPairs = 0;
      int totalErrors = 0;
      for (Task t : taxonomy.tasks()) {
        int p = pairs[t.index()];
        int e = errors[t.index()];
        if (p == 0) {
          continue;
        }
        perTask.put(t, ErrorCount.of(p, e));
        int[] a = perApparel.computeIfAbsent(t.apparel(), k -> new int[2]);
        a[0] += p;
        a[1] += e;
        totalPairs += p;
        totalErrors += e;
      }
      ImmutableMap.Builder<Apparel, ErrorCount> apparels = ImmutableMap.builder();
      perApparel.forEach((a, c) -> apparels.put(a, ErrorCount.of(c[0], c[1])));
      return ErrorReport.create(
          ErrorCount.of(totalPairs, totalErrors),
          perTask.buildOrThrow(),
          apparels.buildOrThrow(),
          fromPrior,
          missing);
    }
  }
}
