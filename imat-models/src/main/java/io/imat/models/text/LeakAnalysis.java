package io.imat.models.text;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.folds.Folds;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.ErrorCount;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures the URL leak of an annotated dataset: per task, how often an image's URLs contain a word
 * of its ground-truth label, and the error of the {@link UrlTextModel} trained and evaluated out of
 * fold.
 *
 * <pre>{@code
 * LeakReport r = LeakAnalysis.builder().folds(5).build().run(train, ProgressListener.none());
 * System.out.print(r.toTable());
 * }</pre>
 */
public final class LeakAnalysis {
  // Words of label names that say nothing about the label ("black and white").
  private static final Set<String> FUNCTION_WORDS = Set.of("and", "or", "with", "of", "the");

  private final UrlTextModel model;
  private final int folds;
  private final long seed;

  private LeakAnalysis(Builder b) {
    this.model = b.model;
    this.folds = b.folds;
    this.seed = b.seed;
  }

  /** A builder: the default text model, 5 folds, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Analyses {@code data} (annotated, with task–label lists).
   *
   * @throws IllegalArgumentException if {@code data} has fewer images than folds or no annotations
   */
  public LeakReport run(ImatDataset data, ProgressListener progress) {
    checkArgument(data.pairCount() > 0, "the data has no annotated (image, task) pairs");
    checkArgument(data.size() >= folds, "%s images are too few for %s folds", data.size(), folds);
    Taxonomy taxonomy = data.taxonomy();
    UrlTokenizer tokenizer = model.tokenizer();
    // The words of each label name, by label index: "navy blue" -> {navy, blue}.
    List<Set<String>> labelWords = new ArrayList<>();
    for (Label l : taxonomy.labels()) {
      Set<String> words = new HashSet<>(tokenizer.words(l.name()));
      words.removeAll(FUNCTION_WORDS);
      labelWords.add(words);
    }
    Predictions oof = model.outOfFold(Folds.stratified(data, folds, seed), progress);
    ErrorReport text = TopOneError.of(data).score(oof);
    ErrorReport prior =
        TopOneError.of(data)
            .score(Predictions.builder(taxonomy, TaskPriors.fromDataset(data)).build());
    int[] named = new int[taxonomy.taskCount()];
    int[] misnamed = new int[taxonomy.taskCount()];
    int withoutWords = 0;
    for (int i = 0; i < data.size(); i++) {
      Set<String> words = new HashSet<>(tokenizer.words(data.image(i)));
      if (words.isEmpty()) {
        withoutWords++;
      }
      data.forEachPair(
          i,
          (task, correct) -> {
            boolean right = false;
            for (int l : correct) {
              right |= names(words, labelWords.get(l));
            }
            if (right) {
              named[task.index()]++;
              return;
            }
            for (Label l : task.labels()) {
              if (names(words, labelWords.get(l.index()))) {
                misnamed[task.index()]++;
                return;
              }
            }
          });
    }
    ImmutableList.Builder<TaskLeak> rows = ImmutableList.builder();
    for (Task t : taxonomy.tasks()) {
      ErrorCount p = prior.perTask().get(t);
      if (p == null) {
        continue;
      }
      ErrorCount x = text.perTask().get(t);
      rows.add(
          new TaskLeak(
              t, p.pairs(), named[t.index()], misnamed[t.index()], p.errors(), x.errors()));
    }
    return new LeakReport(data.size(), withoutWords, folds, rows.build());
  }

  /** Whether {@code urlWords} contains a word of the label, singular or plural. */
  static boolean names(Set<String> urlWords, Set<String> labelWords) {
    for (String w : labelWords) {
      if (urlWords.contains(w)
          || urlWords.contains(w + "s")
          || urlWords.contains(w + "es")
          || (w.endsWith("s") && urlWords.contains(w.substring(0, w.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** Options of the analysis. */
  public static final class Builder {
    private UrlTextModel model = UrlTextModel.builder().build();
    private int folds = 5;
    private long seed = 42;

    private Builder() {}

    /** The text model to evaluate; its tokenizer also finds the words (default: defaults). */
    public Builder model(UrlTextModel value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    /** Folds of the out-of-fold predictions (default 5). */
    public Builder folds(int value) {
      checkArgument(value >= 2 && value <= 20, "folds %s out of 2..20", value);
      this.folds = value;
      return this;
    }

    /** Seed of the fold assignment (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Builds the analysis. */
    public LeakAnalysis build() {
      return new LeakAnalysis(this);
    }
  }
}
