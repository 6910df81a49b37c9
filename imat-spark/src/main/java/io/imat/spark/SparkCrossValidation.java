package io.imat.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.imat.api.predict.Predictions;
import io.imat.models.Classifier;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidation.FoldResult;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.models.train.TrainingHistory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-validation with the folds trained in parallel: every fold of every model (one per backbone,
 * say) is a Spark task, ideally one per executor ({@code spark.task.cpus} = the executor's cores,
 * which become PyTorch's threads). Each task trains its fold exactly as {@link CrossValidation}
 * does ({@link CrossValidation.Plan#train}), with a checkpoint after every epoch in the shared
 * output, so a retried task resumes from its last epoch instead of starting over; the driver then
 * assembles out-of-fold and averaged predictions with {@link CrossValidation.Assembly}, in fold
 * order: the result is the single-machine result.
 *
 * <pre>{@code
 * Map<String, CrossValidationResult> r = SparkCrossValidation.builder()
 *     .model("resnet50", b -> b.backbone(Backbone.RESNET50).imageSize(224).epochs(20))
 *     .model("xception", b -> b.backbone(Backbone.XCEPTION).imageSize(299).epochs(20))
 *     .folds(10)
 *     .build()
 *     .run(sc, PictureSource.of("/shared/train.json", "/shared/images"),
 *         List.of(PictureSource.of("/shared/test.json", "/shared/images")), "/shared/models");
 * }</pre>
 *
 * <p>DJL's PyTorch engine trains one network at a time per JVM (one gradient collector), so folds
 * run in parallel only on separate executor JVMs; tasks that share a JVM (local mode) take turns.
 *
 * <p>Outputs, under the output directory (one model) or {@code OUT/<name>} (several): {@code
 * fold-N/} (the fold models), {@code fold-N-checkpoints/}; nothing else is left behind. Pictures,
 * data and output are local paths: on a cluster, a shared mount at the same path everywhere.
 * Speculative execution must be off: two attempts of one fold would share its checkpoints.
 */
public final class SparkCrossValidation {
  private static final Logger log = LoggerFactory.getLogger(SparkCrossValidation.class);
  private static final java.util.concurrent.locks.ReentrantLock TRAINING =
      new java.util.concurrent.locks.ReentrantLock();

  private final ImmutableList<String> names;
  private final ImmutableList<ClassifierRecipe> recipes;
  private final int folds;
  private final long seed;
  private final double innerValidation;
  private final boolean tta;

  private SparkCrossValidation(Builder b) {
    this.names = ImmutableList.copyOf(b.recipes.keySet());
    this.recipes = ImmutableList.copyOf(b.recipes.values());
    this.folds = b.folds;
    this.seed = b.seed;
    this.innerValidation = b.innerValidation;
    this.tta = b.tta;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains every fold of every model on {@code train} as Spark tasks; each fold model predicts its
   * held-out fold and every set of {@code others}.
   *
   * @return per model name (in the order they were added), what {@link CrossValidation#run} returns
   * @throws IllegalStateException if speculative execution is on
   */
  public Map<String, CrossValidationResult> run(
      JavaSparkContext sc, PictureSource train, List<PictureSource> others, String out)
      throws IOException {
    checkState(
        !sc.getConf().getBoolean("spark.speculation", false),
        "fold-parallel training needs spark.speculation=false: two attempts of one fold would"
            + " write the same checkpoints");
    checkArgument(HadoopIo.isLocal(out), "training output must be a local or shared path: %s", out);
    Path root = HadoopIo.localPath(out).toAbsolutePath();
    Files.createDirectories(root);
    List<FoldTask> tasks = new ArrayList<>();
    for (int m = 0; m < names.size(); m++) {
      for (int f = 0; f < folds; f++) {
        tasks.add(
            new FoldTask(
                m,
                settings(m),
                modelDir(root, m).toString(),
                f,
                train,
                ImmutableList.copyOf(others)));
      }
    }
    log.info("{} fold tasks ({} models x {} folds)", tasks.size(), names.size(), folds);
    List<FoldFiles> done =
        sc.parallelize(tasks, tasks.size()).mapPartitions(SparkCrossValidation::runFold).collect();

    PictureSet data = train.open();
    Map<String, CrossValidationResult> results = new LinkedHashMap<>();
    for (int m = 0; m < names.size(); m++) {
      CrossValidation.Plan plan = crossValidation(settings(m), modelDir(root, m), null).plan(data);
      CrossValidation.Assembly assembly = plan.assembly(others.size());
      for (int f = 0; f < folds; f++) {
        FoldFiles files = find(done, m, f);
        Path dir = Path.of(files.resultDir());
        List<Predictions> predicted = new ArrayList<>();
        for (int s = 0; s < others.size(); s++) {
          predicted.add(Predictions.read(dir.resolve("other-" + s + ".pred")));
        }
        assembly.add(
            new FoldResult(
                f,
                Predictions.read(dir.resolve("held-out.pred")),
                ImmutableList.copyOf(predicted),
                TrainingHistory.read(dir.resolve("history.json")),
                Optional.of(modelDir(root, m).resolve("fold-" + (f + 1)))));
      }
      results.put(names.get(m), assembly.result());
    }
    // Only now are the fold results no longer needed: every attempt's, accepted or not.
    for (int m = 0; m < names.size(); m++) {
      deleteResultDirs(modelDir(root, m));
    }
    return results;
  }

  private Path modelDir(Path root, int model) {
    return names.size() == 1 ? root : root.resolve(names.get(model));
  }

  private Settings settings(int model) {
    return new Settings(recipes.get(model), folds, seed, innerValidation, tta);
  }

  /** What a fold task needs of this cross-validation (serializable). */
  private record Settings(
      ClassifierRecipe recipe, int folds, long seed, double innerValidation, boolean tta)
      implements Serializable {}

  /** One fold of one model. */
  private record FoldTask(
      int model,
      Settings settings,
      String modelDir,
      int fold,
      PictureSource train,
      ImmutableList<PictureSource> others)
      implements Serializable {}

  /** Where an accepted attempt left its fold's results. */
  private record FoldFiles(int model, int fold, String resultDir) implements Serializable {}

  private FoldFiles find(List<FoldFiles> done, int model, int fold) {
    return done.stream()
        .filter(f -> f.model() == model && f.fold() == fold)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no result for fold " + (fold + 1) + " of " + names.get(model)));
  }

  private static Iterator<FoldFiles> runFold(Iterator<FoldTask> tasks) throws IOException {
    List<FoldFiles> out = new ArrayList<>();
    while (tasks.hasNext()) {
      FoldTask t = tasks.next();
      TaskContext tc = TaskSupport.context();
      ExecutorModels.computeThreads(tc.cpus());
      Path modelDir = Path.of(t.modelDir());
      PictureSet train = t.train().open();
      List<PictureSet> others = new ArrayList<>();
      for (PictureSource s : t.others()) {
        others.add(s.open());
      }
      FoldResult r;
      // DJL's PyTorch engine lets one gradient collector run per JVM: tasks sharing an executor
      // JVM (local mode, or executors with more cores than spark.task.cpus) train in turn.
      try {
        TRAINING.lockInterruptibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("fold task interrupted while waiting to train");
      }
      try {
        r = crossValidation(t.settings(), modelDir, tc).plan(train).train(t.fold(), others);
      } finally {
        TRAINING.unlock();
      }
      TaskSupport.check(tc);
      // This attempt's results, complete in a directory of its own before it gets its name.
      String name = TaskSupport.attemptFile(tc, "fold-" + (t.fold() + 1) + "-result", "");
      Path tmp = modelDir.resolve("." + name + ".tmp");
      Files.createDirectories(tmp);
      r.heldOut().write(tmp.resolve("held-out.pred"));
      for (int s = 0; s < r.others().size(); s++) {
        r.others().get(s).write(tmp.resolve("other-" + s + ".pred"));
      }
      r.history().write(tmp.resolve("history.json"));
      Path result = modelDir.resolve(name);
      Files.move(tmp, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      TaskSupport.faultPoint(tc, "fold:trained");
      out.add(new FoldFiles(t.model(), t.fold(), result.toString()));
    }
    return out.iterator();
  }

  /**
   * The single-machine cross-validation of these settings; on an executor ({@code tc} given) its
   * classifier resumes from checkpoints, uses the task's CPUs and stops between batches when the
   * task is killed.
   */
  private static CrossValidation crossValidation(
      Settings s, Path modelDir, @org.jspecify.annotations.Nullable TaskContext tc) {
    Classifier.Builder b = Classifier.builder();
    s.recipe().configure(b);
    CrossValidation.Builder cv =
        CrossValidation.builder()
            .folds(s.folds())
            .seed(s.seed())
            .innerValidation(s.innerValidation())
            .tta(s.tta())
            .saveModelsTo(modelDir);
    if (tc != null) {
      b.resume(true).computeThreads(tc.cpus()).progress(TaskSupport.stopWhenKilled());
      cv.progress(TaskSupport.stopWhenKilled());
    }
    return cv.classifier(b.build()).build();
  }

  private static void deleteResultDirs(Path modelDir) throws IOException {
    try (Stream<Path> s = Files.list(modelDir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("\\.?fold-\\d+-result-.*")) {
          ModelArchive.deleteTree(p);
        }
      }
    }
  }

  /** Options of a {@link SparkCrossValidation}. */
  public static final class Builder {
    private final Map<String, ClassifierRecipe> recipes = new LinkedHashMap<>();
    private int folds = 5;
    private long seed = 42;
    private double innerValidation;
    private boolean tta;

    private Builder() {}

    /**
     * Adds a model to cross-validate, named {@code name} (a directory name: its outputs go to
     * {@code OUT/<name>} when there are several models).
     */
    public Builder model(String name, ClassifierRecipe recipe) {
      checkArgument(name.matches("[A-Za-z0-9._-]+"), "model name %s is not a plain name", name);
      checkArgument(!recipes.containsKey(name), "model %s added twice", name);
      recipes.put(name, checkNotNull(recipe));
      return this;
    }

    /** Number of folds (default 5). */
    public Builder folds(int value) {
      checkArgument(value >= 2, "need at least 2 folds");
      this.folds = value;
      return this;
    }

    /** Seed of the fold assignment (default 42), as {@link CrossValidation.Builder#seed}. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** As {@link CrossValidation.Builder#innerValidation} (default 0: the held-out fold). */
    public Builder innerValidation(double fraction) {
      checkArgument(
          fraction >= 0 && fraction <= 0.5, "inner validation %s out of [0, 0.5]", fraction);
      this.innerValidation = fraction;
      return this;
    }

    /** Test-time augmentation for all predictions (default off). */
    public Builder tta(boolean value) {
      this.tta = value;
      return this;
    }

    /** Builds the job. */
    public SparkCrossValidation build() {
      checkArgument(!recipes.isEmpty(), "add a model");
      return new SparkCrossValidation(this);
    }
  }
}
