package io.imat.models.cv;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import com.google.common.collect.ImmutableList;
import io.imat.api.folds.Folds;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.ProgressListener;
import io.imat.models.Classifier;
import io.imat.models.PredictOptions;
import io.imat.models.TrainedModel;
import io.imat.models.data.PictureSet;
import io.imat.models.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * K-fold cross-validation over stratified {@link Folds}, as the seed team ran it: one model per
 * fold, trained on the other K−1 folds; the out-of-fold predictions cover every training image
 * exactly once (the input for fitting merge weights), and predictions for other sets are averaged
 * over the K models.
 *
 * <p>Which split chooses each fold model's epoch (and drives its plateau schedule) matters for the
 * out-of-fold predictions. By default it is the held-out fold itself, as the seed did: every
 * training image is used, but the kept epoch is the one that happened to score best on exactly the
 * images the out-of-fold predictions cover, so their error is optimistic and merge weights fitted
 * on them lean slightly toward the image model. {@link Builder#innerValidation(double)} chooses the
 * epoch on a stratified inner split of the fold's training part instead: the out-of-fold
 * predictions are then honest, at the price of training each fold model on fewer images. The README
 * reports both on the quickstart data.
 *
 * <pre>{@code
 * CrossValidationResult r = CrossValidation.builder()
 *     .classifier(clf).folds(5).seed(42).saveModelsTo(Path.of("cv"))
 *     .build()
 *     .run(PictureSet.of(train, images), List.of(PictureSet.of(test, images)));
 * r.outOfFold().write(Path.of("oof.pred"));
 * r.averaged().get(0).write(Path.of("test.pred"));
 * }</pre>
 */
public final class CrossValidation {
  private static final Logger log = LoggerFactory.getLogger(CrossValidation.class);

  private final Classifier classifier;
  private final int k;
  private final long seed;
  private final Path modelsDir;
  private final boolean tta;
  private final double innerValidation;
  private final ProgressListener progress;

  private CrossValidation(Builder b) {
    this.innerValidation = b.innerValidation;
    this.classifier = b.classifier;
    this.k = b.k;
    this.seed = b.seed;
    this.modelsDir = b.modelsDir;
    this.tta = b.tta;
    this.progress = b.progress;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains the K fold models on {@code train}; each predicts its held-out fold and every set of
   * {@code others} (averaged over folds in the result). Models are saved (if a directory was given)
   * and closed as soon as they have predicted, so memory holds one model at a time.
   */
  public CrossValidationResult run(PictureSet data, List<PictureSet> others) throws IOException {
    Plan plan = plan(data);
    Assembly assembly = plan.assembly(others.size());
    for (int f = 0; f < k; f++) {
      assembly.add(plan.train(f, others));
    }
    return assembly.result();
  }

  /**
   * The folds of {@link #run} on {@code data}, to train them elsewhere (one per machine, say) and
   * assemble the result exactly as {@link #run} does: {@link Plan#train} trains one fold, {@link
   * Plan#assembly} collects the fold results. The plan depends only on the data and this
   * cross-validation's settings, so every JVM that makes it gets the same folds.
   */
  public Plan plan(PictureSet data) {
    // One complete taxonomy for every fold, so that fold models and their predictions agree.
    PictureSet train = PictureSet.of(data.dataset().withCompleteTaxonomy(), data.directory());
    return new Plan(train, Folds.stratified(train.dataset(), k, seed));
  }

  /** The folds of one cross-validation over one training set (see {@link #plan}). */
  public final class Plan {
    private final PictureSet train;
    private final Folds folds;
    private final TaskPriors priors;

    private Plan(PictureSet train, Folds folds) {
      this.train = train;
      this.folds = folds;
      this.priors = TaskPriors.fromDataset(train.dataset());
    }

    /** The fold assignment. */
    public Folds folds() {
      return folds;
    }

    /** The training set, its taxonomy completed. */
    public PictureSet data() {
      return train;
    }

    /**
     * Trains fold {@code f} (0-based) on the other folds, predicts the held-out fold and every set
     * of {@code others}, saves the model under {@code saveModelsTo/fold-(f+1)} if a directory was
     * given (its checkpoints in {@code fold-(f+1)-checkpoints}) and closes it.
     */
    public FoldResult train(int f, List<PictureSet> others) throws IOException {
      checkArgument(f >= 0 && f < k, "fold %s out of 0..%s", f, k - 1);
      log.info(
          "fold {}/{}: {} training, {} held-out images",
          f + 1,
          k,
          folds.trainIndexes(f).length,
          folds.validationIndexes(f).length);
      PictureSet fit = train.subset(folds.trainIndexes(f));
      PictureSet held = train.subset(folds.validationIndexes(f));
      PictureSet chooser = held;
      if (innerValidation > 0) {
        // The epoch is chosen on images the out-of-fold predictions do not cover.
        int innerK = Math.max(2, (int) Math.round(1 / innerValidation));
        Folds inner = Folds.stratified(fit.dataset(), innerK, seed * 31 + f);
        chooser = fit.subset(inner.validationIndexes(0));
        fit = fit.subset(inner.trainIndexes(0));
      }
      Path checkpoints =
          modelsDir == null ? null : modelsDir.resolve("fold-" + (f + 1) + "-checkpoints");
      try (TrainedModel model = classifier.train(fit, chooser, checkpoints)) {
        Predictions heldOut = model.predict(held, predictOptions());
        List<Predictions> predicted = new ArrayList<>();
        for (PictureSet o : others) {
          predicted.add(model.predict(o, predictOptions()));
        }
        Path dir = null;
        if (modelsDir != null) {
          dir = modelsDir.resolve("fold-" + (f + 1));
          model.save(dir);
        }
        return new FoldResult(
            f, heldOut, ImmutableList.copyOf(predicted), model.history(), Optional.ofNullable(dir));
      }
    }

    /** Collects fold results into what {@link #run} returns, for {@code others} extra sets. */
    public Assembly assembly(int others) {
      return new Assembly(this, others);
    }
  }

  /**
   * What one fold produced.
   *
   * @param fold the fold (0-based)
   * @param heldOut the fold model's predictions for its held-out images
   * @param others its predictions for each extra picture set
   * @param history its training history
   * @param modelDir where it was saved, if it was
   */
  public record FoldResult(
      int fold,
      Predictions heldOut,
      ImmutableList<Predictions> others,
      TrainingHistory history,
      Optional<Path> modelDir) {}

  /**
   * Collects the fold results of a {@link Plan} in fold order, as {@link #run} does: held-out rows
   * into the out-of-fold predictions, the other sets into fold averages. Holds the sums, not the
   * fold results.
   */
  public final class Assembly {
    private final Plan plan;
    private final Predictions.Builder oof;
    private final List<Averager> averages = new ArrayList<>();
    private final List<TrainingHistory> histories = new ArrayList<>();
    private final List<Path> saved = new ArrayList<>();
    private int next;

    private Assembly(Plan plan, int others) {
      this.plan = plan;
      this.oof = Predictions.builder(plan.train.dataset().taxonomy(), plan.priors);
      for (int s = 0; s < others; s++) {
        averages.add(new Averager(plan.train.dataset().taxonomy(), plan.priors));
      }
    }

    /**
     * Adds the result of the next fold.
     *
     * @throws IllegalArgumentException if it is not the next fold or has another number of sets
     */
    public void add(FoldResult r) {
      checkArgument(r.fold() == next, "expected fold %s, got %s", next, r.fold());
      checkArgument(
          r.others().size() == averages.size(),
          "expected %s extra sets, got %s",
          averages.size(),
          r.others().size());
      histories.add(r.history());
      for (String id : r.heldOut().imageIds()) {
        oof.put(id, r.heldOut().probabilities(id).orElseThrow());
      }
      for (int s = 0; s < averages.size(); s++) {
        averages.get(s).add(r.others().get(s));
      }
      r.modelDir().ifPresent(saved::add);
      next++;
    }

    /**
     * The cross-validation's result.
     *
     * @throws IllegalStateException if a fold is missing
     */
    public CrossValidationResult result() {
      checkState(next == k, "%s of %s folds added", next, k);
      List<Predictions> averaged = new ArrayList<>();
      for (Averager a : averages) {
        averaged.add(a.build());
      }
      return new CrossValidationResult(
          plan.folds,
          oof.metadata("model", "image (out-of-fold, " + k + " folds)").build(),
          averaged,
          histories,
          saved);
    }
  }

  private PredictOptions predictOptions() {
    return PredictOptions.builder().tta(tta).progress(progress).build();
  }

  /**
   * Predicts {@code pictures} with every fold model saved under {@code modelDirs} (one at a time,
   * each loaded onto {@code device}) and averages the rows image by image: how a cross-validated
   * model predicts new data.
   */
  public static Predictions averageFolds(
      List<Path> modelDirs, PictureSet pictures, PredictOptions options, Device device)
      throws IOException {
    checkArgument(!modelDirs.isEmpty(), "no fold models");
    Averager average = null;
    for (Path dir : modelDirs) {
      try (TrainedModel model = TrainedModel.load(dir, device)) {
        if (average == null) {
          average = new Averager(model.taxonomy(), model.priors());
        }
        average.add(model.predict(pictures, options));
      }
    }
    return average.build();
  }

  /** Options of a cross-validation. */
  public static final class Builder {
    private Classifier classifier;
    private int k = 5;
    private long seed = 42;
    private Path modelsDir;
    private boolean tta;
    private double innerValidation;
    private ProgressListener progress = ProgressListener.none();

    private Builder() {}

    /**
     * Choose each fold model's epoch on a stratified share {@code fraction} of the fold's training
     * images instead of on the held-out fold (see the class comment); 0 (the default) uses the
     * held-out fold. The share is rounded to one inner fold of {@code round(1 / fraction)}: 0.15
     * holds out 1/7.
     */
    public Builder innerValidation(double fraction) {
      checkArgument(
          fraction >= 0 && fraction <= 0.5, "inner validation %s out of [0, 0.5]", fraction);
      this.innerValidation = fraction;
      return this;
    }

    /** The classifier trained on every fold. */
    public Builder classifier(Classifier value) {
      this.classifier = requireNonNull(value, "classifier");
      return this;
    }

    /** Number of folds (default 5; the seed team used 10). */
    public Builder folds(int value) {
      checkArgument(value >= 2, "need at least 2 folds");
      this.k = value;
      return this;
    }

    /** Seed of the fold assignment (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Save every fold model (and its checkpoints) under {@code dir/fold-N}. */
    public Builder saveModelsTo(Path dir) {
      this.modelsDir = requireNonNull(dir, "saveModelsTo");
      return this;
    }

    /** Test-time augmentation for all predictions (default off). */
    public Builder tta(boolean value) {
      this.tta = value;
      return this;
    }

    /** Where prediction progress goes. */
    public Builder progress(ProgressListener value) {
      this.progress = requireNonNull(value, "progress");
      return this;
    }

    /** Builds the cross-validation. */
    public CrossValidation build() {
      checkArgument(classifier != null, "set a classifier");
      return new CrossValidation(this);
    }
  }
}
