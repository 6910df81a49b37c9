package io.imat.metrics;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableMap;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Task;

/**
 * The competition score and its breakdown: overall top-1 error, per task and per apparel, and how
 * many pairs were answered from priors or not at all.
 */
@AutoValue
public abstract class ErrorReport {
  ErrorReport() {}

  static ErrorReport create(
      ErrorCount overall,
      ImmutableMap<Task, ErrorCount> perTask,
      ImmutableMap<Apparel, ErrorCount> perApparel,
      int fromPrior,
      int missing) {
    return new AutoValue_ErrorReport(overall, perTask, perApparel, fromPrior, missing);
  }

  /** Over all annotated pairs. */
  public abstract ErrorCount overall();

  /** Per task with at least one annotated pair, in task order. */
  public abstract ImmutableMap<Task, ErrorCount> perTask();

  /** Per apparel with at least one annotated pair, sorted by name. */
  public abstract ImmutableMap<Apparel, ErrorCount> perApparel();

  /** Pairs whose image had no prediction row and were answered from the task prior. */
  public abstract int fromPrior();

  /** Pairs with no prediction at all (counted as errors). */
  public abstract int missing();

  /** The competition score: mean top-1 error over annotated pairs (lower is better). */
  public double score() {
    return overall().error();
  }

  /** The number of annotated pairs scored. */
  public int pairs() {
    return overall().pairs();
  }

  /** A per-task table followed by the overall line, for terminals. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-6s %-28s %8s %8s%n", "task", "name", "pairs", "error"));
    perTask()
        .forEach(
            (t, c) ->
                sb.append(
                    String.format(
                        "%-6s %-28s %8d %8.4f%n", t.id(), t.name(), c.pairs(), c.error())));
    perApparel()
        .forEach(
            (a, c) ->
                sb.append(
                    String.format("%-6s %-28s %8d %8.4f%n", "", "all " + a, c.pairs(), c.error())));
    sb.append(
        String.format(
            "top-1 error %.5f over %d annotated pairs (%d from priors, %d missing)%n",
            score(), pairs(), fromPrior(), missing()));
    return sb.toString();
  }
}
