package io.imat.models.text;

import com.google.common.collect.ImmutableList;

/**
 * Per task, how often image URLs name the ground truth and how well the URL text model does, with
 * out-of-fold predictions (each image predicted by a model that never saw it). Tasks where the text
 * error is far below the prior error are where merging the text model pays; tasks where URLs often
 * name a wrong label are where it can hurt.
 *
 * @param images images analysed
 * @param imagesWithoutWords images whose URLs yield no word at all (CDN names such as {@code
 *     img_123456})
 * @param folds folds of the out-of-fold predictions
 * @param tasks one row per task with annotated pairs, in task order
 */
public record LeakReport(
    int images, int imagesWithoutWords, int folds, ImmutableList<TaskLeak> tasks) {

  /** The totals over all tasks (task {@code null}). */
  public TaskLeak overall() {
    int pairs = 0;
    int named = 0;
    int misnamed = 0;
    int prior = 0;
    int text = 0;
    for (TaskLeak t : tasks) {
      pairs += t.pairs();
      named += t.named();
      misnamed += t.misnamed();
      prior += t.priorErrors();
      text += t.textErrors();
    }
    return new TaskLeak(null, pairs, named, misnamed, prior, text);
  }

  /** A per-task table, then the overall line, for terminals. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String head = "%-6s %-24s %7s %7s %8s %8s %8s%n";
    String row = "%-6s %-24s %7d %6.1f%% %7.1f%% %8.4f %8.4f%n";
    sb.append(String.format(head, "task", "name", "pairs", "named", "misnamed", "prior", "text"));
    for (TaskLeak t : tasks) {
      sb.append(
          String.format(
              row,
              t.task().id(),
              t.task().name(),
              t.pairs(),
              100 * t.namedRate(),
              100 * t.misnamedRate(),
              t.priorError(),
              t.textError()));
    }
    TaskLeak all = overall();
    sb.append(
        String.format(
            row,
            "",
            "all tasks",
            all.pairs(),
            100 * all.namedRate(),
            100 * all.misnamedRate(),
            all.priorError(),
            all.textError()));
    sb.append(
        String.format(
            "named = the URLs contain a word of a correct label; misnamed = only of a wrong one;"
                + " prior / text = top-1 error of the majority answer / of the text model (%d-fold"
                + " out of fold). %d of %d images have no URL words.%n",
            folds, imagesWithoutWords, images));
    return sb.toString();
  }
}
