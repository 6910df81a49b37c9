package io.imat.models.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.common.collect.ImmutableList;
import com.google.gson.JsonObject;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.random.Permutations;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.TopOneError;
import io.imat.models.data.Batch;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.layers.BatchNormFolding;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, the seed's recipe: a head-only warm-up with the backbone frozen, then
 * fine-tuning of the layers {@link TrainingConfig#unfreeze()} selects, each phase with its own
 * learning rate, a fresh Adam state (Keras recompiles after unfreezing) and its own plateau
 * schedule; early stopping counts fine-tuning epochs only; the epoch with the lowest validation
 * top-1 error is kept; a checkpoint after every epoch so a killed run resumes.
 *
 * <p>It fails loudly instead of training on nothing: when no picture exists at all, when an epoch
 * could read none or more than {@link TrainingConfig#maxUnreadableShare()} of the existing files
 * failed to decode ({@link UnreadablePicturesException}), and when the loss stops being a number
 * ({@link TrainingDivergedException}). Data whose taxonomy lacks task–label lists is trained on
 * {@link ImatDataset#completeTaxonomy()}.
 */
public final class TrainingRun {
  /** The engine every imat network runs on (training needs PyTorch; name it explicitly). */
  public static final String ENGINE = "PyTorch";

  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final TrainingConfig config;
  private final PictureSet train;
  private final @Nullable PictureSet validation;
  private final @Nullable Checkpoint checkpoint;
  private final boolean resume;
  private final ProgressListener progress;
  private @Nullable EpochObserver observer;

  /**
   * A run.
   *
   * @param train the training pictures; a taxonomy without (complete) task–label lists is completed
   *     from them ({@link ImatDataset#withCompleteTaxonomy()})
   * @param validation chooses the kept epoch and drives the plateaus (relabelled with the training
   *     taxonomy: it must have the same task and label ids); without it the last epoch is kept and
   *     plateaus follow the training loss
   * @param checkpoint where to keep a checkpoint after every epoch; without one, no resume
   * @throws IllegalArgumentException if the validation data has other tasks or labels
   */
  public TrainingRun(
      TrainingConfig config,
      PictureSet train,
      @Nullable PictureSet validation,
      @Nullable Checkpoint checkpoint,
      boolean resume,
      ProgressListener progress) {
    ImatDataset trainData = train.dataset().withCompleteTaxonomy();
    this.train = PictureSet.of(trainData, train.directory());
    if (validation != null && !validation.dataset().taxonomy().equals(trainData.taxonomy())) {
      try {
        validation =
            PictureSet.of(
                validation.dataset().withTaxonomy(trainData.taxonomy()), validation.directory());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "training and validation data use different taxonomies (other task or label ids)", e);
      }
    }
    this.config = config;
    this.validation = validation;
    this.checkpoint = checkpoint;
    this.resume = resume;
    this.progress = progress;
  }

  /** Sees the engine state after each epoch's checkpoint (tests: native memory per epoch). */
  interface EpochObserver {
    void afterEpoch(int epoch, NDManager manager);
  }

  /** Sets the observer; returns this. */
  TrainingRun observe(EpochObserver value) {
    this.observer = value;
    return this;
  }

  /** What a run produces; the caller owns (and closes) the model. */
  public record Result(
      Model model,
      Network network,
      TrainingHistory history,
      TaskPriors priors,
      Taxonomy taxonomy) {}

  /**
   * Trains. The returned network holds the weights of the best epoch.
   *
   * @throws UnreadablePicturesException if the pictures cannot be read (see the class comment)
   * @throws TrainingDivergedException if the loss became NaN or infinite
   */
  public Result run() throws IOException {
    if (train.available() == 0) {
      throw new UnreadablePicturesException(
          String.format(
              "none of the %d training pictures is in %s (expected <imageId>.jpg, e.g. %s): wrong"
                  + " picture folder, or not downloaded yet?",
              train.dataset().size(), train.directory(), train.path(0).getFileName()),
          ImmutableList.of());
    }
    // Refused before any work: bf16 without the CPU's instructions would be emulated, slower.
    config.precision().check(CpuFeatures.current());
    // The thread count is this thread's alone and is restored afterwards; the seed only drives
    // the initialisation (see SeededInit): nothing of this run leaks into the JVM.
    try (ComputeThreads threads = ComputeThreads.enter(config.computeThreads())) {
      return runOnThisThread();
    }
  }

  private Result runOnThisThread() throws IOException {
    Taxonomy taxonomy = train.dataset().taxonomy();
    TaskPriors priors = TaskPriors.fromDataset(train.dataset());
    List<Task> untrained = priors.untrainedTasks();
    if (!untrained.isEmpty()) {
      log.warn(
          "{} of {} tasks have no training annotations and get no model output; each is answered by"
              + " its prior's top label: {}",
          untrained.size(),
          taxonomy.taskCount(),
          untrained.stream().map(t -> t.id() + " " + t.name()).toList());
    }
    int side = config.imageSize();

    Model model = Model.newInstance("imat-" + config.backbone().name(), config.device(), ENGINE);
    boolean ok = false;
    try {
      Network net = new Network(config.backbone().newBlock(), config.head().newBlock(taxonomy));
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      net.trainIn(config.precision(), manager);
      SeededInit.initialize(net, manager, config.seed(), new Shape(1, 3, side, side));
      if (config.pretrained().isPresent()) {
        log.info("starting from {}", config.pretrained().get());
        config.pretrained().get().loadInto(net.backbone(), manager);
      } else {
        log.info("starting {} from random weights (seed {})", config.backbone(), config.seed());
      }
      int frozenLayers = config.backbone().frozenLayers(net.backbone(), config.unfreeze());
      Path scratch = checkpoint == null ? Files.createTempDirectory("imat-train-") : null;
      TrainingHistory history;
      try {
        history =
            loop(
                net,
                manager,
                taxonomy,
                priors,
                frozenLayers,
                scratch == null ? null : scratch.resolve("best"));
      } finally {
        deleteScratch(scratch);
      }
      ok = true;
      return new Result(model, net, history, priors, taxonomy);
    } finally {
      if (!ok) {
        model.close();
      }
    }
  }

  /** The schedule state that a checkpoint carries between epochs. */
  private static final class Schedule {
    double lr;
    ReduceLrOnPlateau plateau;
    int bestEpoch;
    double bestError = Double.POSITIVE_INFINITY;
    int sinceBest;
  }

  /**
   * The epochs. The best epoch's weights wait on disk, not in the Java heap: in the checkpoint
   * (when there is one) or in {@code bestFile}.
   */
  private TrainingHistory loop(
      Network net,
      NDManager manager,
      Taxonomy taxonomy,
      TaskPriors priors,
      int frozenLayers,
      Path bestFile)
      throws IOException {
    List<EpochStats> epochs = new ArrayList<>();
    Schedule s = new Schedule();
    int start = 1;
    boolean haveBest = false;

    boolean stopped = false;

    try (Adam adam = new Adam(manager)) {
      Optional<JsonObject> saved =
          resume && checkpoint != null ? checkpoint.state() : Optional.empty();
      if (saved.isPresent()) {
        JsonObject state = saved.get();
        checkCompatible(state);
        checkpoint.loadParams(state, "params", net, manager);
        checkpoint.loadOptimizer(state, adam, net);
        start = restoreSchedule(state, s, epochs) + 1;
        haveBest = s.bestEpoch > 0;
        stopped = state.has("stopped") && state.get("stopped").getAsBoolean();
        if (stopped || start > config.epochs()) {
          log.info(
              "the checkpoint in {} is of a finished run (epoch {}{}): nothing left to train",
              checkpoint.directory(),
              start - 1,
              stopped ? ", stopped early" : "");
        } else {
          log.info("resuming at epoch {} of {}", start, config.epochs());
        }
      }

      ParameterStore store = new ParameterStore(manager, false);
      for (int epoch = start; !stopped && epoch <= config.epochs(); epoch++) {
        boolean warmup = config.isWarmup(epoch);
        if (epoch == 1 || epoch == config.warmupEpochs() + 1) {
          startPhase(s, adam, warmup, epoch);
        }
        if (warmup) {
          net.prepareForTraining(true);
        } else {
          net.prepareForFineTuning(frozenLayers);
        }
        long t0 = System.nanoTime();
        EpochResult r = trainEpoch(net, manager, store, adam, taxonomy, epoch, warmup, s.lr);

        double valLoss = Double.NaN;
        double valError = Double.NaN;
        if (validation != null) {
          Inference.Result v =
              inference(net, taxonomy)
                  .run(validation, manager, priors, false, true, ProgressListener.none());
          v.pictures().check("validation", validation, config.maxUnreadableShare());
          valLoss = v.loss();
          valError = TopOneError.of(validation.dataset()).score(v.predictions()).score();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        EpochStats stats =
            EpochStats.of(
                epoch,
                warmup,
                r.loss,
                valLoss,
                valError,
                s.lr,
                seconds,
                r.pictures.read(),
                r.pictures.missing() + r.pictures.unreadable(),
                r.pictures.unreadable());
        epochs.add(stats);
        log.info(
            "epoch {}/{}{}: train loss {}, val loss {}, val error {}, lr {}, {} s",
            epoch,
            config.epochs(),
            warmup ? " (warm-up)" : "",
            fmt(r.loss),
            fmt(valLoss),
            fmt(valError),
            s.lr,
            fmt(seconds));

        boolean improved = validation == null || valError < s.bestError;
        if (improved) {
          s.bestError = validation != null ? valError : Double.NaN;
          s.bestEpoch = epoch;
          haveBest = true;
          if (bestFile != null) {
            Checkpoint.writeParams(net, bestFile);
          }
          s.sinceBest = 0;
        } else if (!warmup) {
          s.sinceBest++;
        }
        s.lr = s.plateau.step(validation != null ? valLoss : r.loss, s.lr);

        stopped =
            !warmup
                && config.earlyStoppingPatience() > 0
                && s.sinceBest >= config.earlyStoppingPatience();
        if (checkpoint != null) {
          checkpoint.save(
              epoch, net, adam, improved, s.bestEpoch, scheduleJson(epochs, s, stopped));
        }
        if (observer != null) {
          observer.afterEpoch(epoch, manager);
        }
        if (stopped) {
          log.info(
              "early stopping after epoch {}: no better validation error for {} epochs",
              epoch,
              s.sinceBest);
        }
      }
    }
    if (haveBest) {
      if (checkpoint != null) {
        checkpoint.loadParams(checkpoint.state().orElseThrow(), "best", net, manager);
      } else {
        Checkpoint.readParams(net, manager, bestFile);
      }
    }
    net.prepareForTraining(false);
    return new TrainingHistory(epochs, s.bestEpoch);
  }

  // Everything the next epoch depends on besides weights and optimizer: the schedule, the history
  // (the best epoch so far) and whether early stopping ended the run, so that a resumed run takes
  // exactly the decisions the uninterrupted one takes. Doubles go through JSON exactly (Gson
  // writes the shortest representation that reads back to the same double).
  private JsonObject scheduleJson(List<EpochStats> epochs, Schedule s, boolean stopped) {
    JsonObject state = new JsonObject();
    state.add("config", config.toJson());
    state.add("history", new TrainingHistory(epochs, s.bestEpoch).toJson());
    state.addProperty("bestError", Double.isFinite(s.bestError) ? s.bestError : 1e9);
    state.addProperty("sinceBest", s.sinceBest);
    state.addProperty("learningRate", s.lr);
    state.addProperty("plateauBest", Double.isFinite(s.plateau.best()) ? s.plateau.best() : 1e300);
    state.addProperty("plateauBad", s.plateau.badEpochs());
    state.addProperty("stopped", stopped);
    return state;
  }

  /** Restores the schedule and history from a checkpoint's state; returns the saved epoch. */
  private int restoreSchedule(JsonObject state, Schedule s, List<EpochStats> epochs)
      throws InvalidDataException {
    Path file = checkpoint.directory().resolve(Checkpoint.STATE);
    try {
      TrainingHistory h = TrainingHistory.fromJson(state.getAsJsonObject("history"));
      int epoch = state.get("epoch").getAsInt();
      if (epoch < 1 || h.epochs().size() != epoch) {
        throw new IllegalArgumentException(
            "epoch " + epoch + " with " + h.epochs().size() + " epochs of history");
      }
      epochs.addAll(h.epochs());
      s.bestEpoch = h.bestEpoch();
      s.bestError = state.get("bestError").getAsDouble();
      s.sinceBest = state.get("sinceBest").getAsInt();
      s.lr = state.get("learningRate").getAsDouble();
      s.plateau = newPlateau();
      s.plateau.restore(state.get("plateauBest").getAsDouble(), state.get("plateauBad").getAsInt());
      return epoch;
    } catch (RuntimeException e) {
      throw new InvalidDataException(
          file.toString(), "", "not a valid checkpoint state: " + e.getMessage(), e);
    }
  }

  // A phase starts with its own learning rate, a fresh plateau count and (after the warm-up) a
  // fresh Adam state, as when Keras recompiles the model after unfreezing layers.
  private void startPhase(Schedule s, Adam adam, boolean warmup, int epoch) {
    s.lr = warmup ? config.warmupLearningRate() : config.learningRate();
    s.plateau = newPlateau();
    s.sinceBest = 0;
    if (!warmup && epoch > 1) {
      adam.retainOnly(new HashSet<>());
    }
    log.info(
        "{} phase from epoch {}: learning rate {}{}",
        warmup ? "warm-up (head only)" : "fine-tuning",
        epoch,
        s.lr,
        warmup || config.unfreeze().isAll() ? "" : ", unfreezing " + config.unfreeze());
  }

  private ReduceLrOnPlateau newPlateau() {
    return new ReduceLrOnPlateau(
        config.plateauFactor(), config.plateauPatience(), config.minLearningRate());
  }

  /** What one training epoch did. */
  private record EpochResult(double loss, PictureTally pictures) {}

  private EpochResult trainEpoch(
      Network net,
      NDManager manager,
      ParameterStore store,
      Adam adam,
      Taxonomy taxonomy,
      int epoch,
      boolean warmup,
      double lr)
      throws UnreadablePicturesException {
    int n = train.dataset().size();
    int[] order = Permutations.shuffled(n, new SplittableRandom(config.seed() * 31 + epoch));
    int side = config.imageSize();
    List<Parameter> trainable = net.trainableParameters();
    PictureTally tally = new PictureTally();
    double lossSum = 0;
    int trained = 0;
    int loneSkipped = 0;
    long started = System.nanoTime();
    // The frozen layers (the whole backbone in the warm-up) keep their weights for the epoch: their
    // batch norms fold into their convolutions.
    try (BatchNormFolding.Cache frozen = BatchNormFolding.cache(manager);
        BatchPipeline batches =
            BatchPipeline.builder(train)
                .order(order)
                .batchSize(config.batchSize())
                .side(side)
                .augmenter(config.augmenter().orElse(null))
                .seed(config.seed() * 1_000_003L + epoch)
                .preprocessing(config.backbone().preprocessing())
                .head(config.head())
                .threads(config.loaderThreads())
                .build();
        Progress p =
            progress.start(
                String.format("epoch %d/%d%s", epoch, config.epochs(), warmup ? " warm-up" : ""),
                batches.batchCount())) {
      net.foldFrozenLayers(frozen);
      int batch = 0;
      while (batches.hasNext()) {
        Batch b = batches.next();
        batch++;
        tally.add(b);
        int size = b.size();
        if (size == 1 && config.batchSize() > 1) {
          // A lone picture left at the end of an epoch: PyTorch's batch norm refuses to train on
          // one value per channel (a 1x1 map at small sizes), and one picture is no batch anyway.
          loneSkipped++;
        } else if (size > 0) {
          // Masks from (seed, epoch, batch): what an epoch draws does not depend on the epochs
          // before it, so a resumed epoch draws what the uninterrupted run drew.
          net.reseedDropout(config.seed() * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + batch);
          float loss =
              step(net, config.head(), manager, store, adam, taxonomy, b, side, lr, trainable);
          if (!Float.isFinite(loss)) {
            throw diverged(epoch, batch, loss, lr);
          }
          lossSum += (double) loss * size;
          trained += size;
        }
        int images = tally.read();
        double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        p.message(
            String.format(
                "loss %.4f, lr %.2g, %.1f img/s",
                trained == 0 ? Double.NaN : lossSum / trained, lr, images / secs));
        p.step();
      }
    } finally {
      net.foldFrozenLayers(null);
    }
    tally.check(String.format("epoch %d", epoch), train, config.maxUnreadableShare());
    if (loneSkipped > 0) {
      log.debug("epoch {}: a last batch of one picture was left out", epoch);
    }
    return new EpochResult(trained == 0 ? Double.NaN : lossSum / trained, tally);
  }

  private TrainingDivergedException diverged(int epoch, int batch, float loss, double lr) {
    String kept =
        checkpoint == null
            ? "no checkpoint was kept (set checkpoints(dir) to keep the last good epoch)"
            : epoch > 1
                ? "the checkpoint of epoch "
                    + (epoch - 1)
                    + " in "
                    + checkpoint.directory()
                    + " is the last good state (resume from it with a lower learning rate)"
                : "no epoch completed, so there is no checkpoint";
    return new TrainingDivergedException(
        String.format(
            "training diverged: the loss is %s at epoch %d, batch %d (learning rate %.3g); %s",
            loss, epoch, batch, lr, kept),
        epoch,
        batch);
  }

  /**
   * One optimisation step — forward, loss, backward, an Adam update of {@code trainable} — on a
   * batch of pictures {@code side} pixels square; returns the batch loss. Every epoch of a run is
   * these steps; public so that benchmarks and custom loops run exactly this code.
   */
  public static float step(
      Network net,
      Head head,
      NDManager manager,
      ParameterStore store,
      Adam adam,
      Taxonomy taxonomy,
      Batch b,
      int side,
      double lr,
      List<Parameter> trainable) {
    return step(
        net, head, manager, store, adam, taxonomy, b, side, lr, trainable, StepObserver.NONE);
  }

  /**
   * {@link #step(Network, Head, NDManager, ParameterStore, Adam, Taxonomy, Batch, int, double,
   * List) step}, telling {@code observer} as each {@link StepPhase} ends (for profiling).
   */
  public static float step(
      Network net,
      Head head,
      NDManager manager,
      ParameterStore store,
      Adam adam,
      Taxonomy taxonomy,
      Batch b,
      int side,
      double lr,
      List<Parameter> trainable,
      StepObserver observer) {
    int size = b.size();
    int tw = head.targetWidth(taxonomy);
    int mw = head.maskWidth(taxonomy);
    float loss;
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(FloatBuffer.wrap(b.pixels()), new Shape(size, 3, side, side));
      NDArray y = m.create(FloatBuffer.wrap(b.target()), new Shape(size, tw));
      NDArray mask = m.create(FloatBuffer.wrap(b.mask()), new Shape(size, mw));
      observer.ended(StepPhase.INPUT);
      try (Recording r = Recording.start()) {
        NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
        observer.ended(StepPhase.FORWARD);
        NDArray l = head.loss(logits, y, mask, taxonomy);
        observer.ended(StepPhase.LOSS);
        r.backward(l);
        loss = l.getFloat();
        observer.ended(StepPhase.BACKWARD);
      }
      for (Parameter p : trainable) {
        NDArray w = p.getArray();
        try (NDArray g = w.getGradient()) {
          adam.update(net.parameterName(p), w, g, (float) lr);
        }
      }
      observer.ended(StepPhase.OPTIMIZER);
    }
    return loss;
  }

  private Inference inference(Network net, Taxonomy taxonomy) {
    return new Inference(
        net,
        config.head(),
        taxonomy,
        config.imageSize(),
        config.backbone().preprocessing(),
        config.batchSize(),
        config.loaderThreads());
  }

  // A checkpoint of another network cannot be resumed; a state file without a readable config is
  // corrupt. Both name the file: the fuzzer found a bare NullPointerException for a mangled key.
  private void checkCompatible(JsonObject state) throws InvalidDataException {
    String file = checkpoint.directory().resolve(Checkpoint.STATE).toString();
    JsonObject now = config.toJson();
    JsonObject saved;
    try {
      saved = state.getAsJsonObject("config");
    } catch (RuntimeException e) {
      saved = null;
    }
    if (saved == null) {
      throw new InvalidDataException(file, "config", "missing or not an object");
    }
    for (String key : new String[] {"backbone", "head", "imageSize"}) {
      if (!saved.has(key)) {
        throw new InvalidDataException(file, "config." + key, "missing");
      }
      if (!saved.get(key).equals(now.get(key))) {
        throw new InvalidDataException(
            file,
            "config." + key,
            "cannot resume: the checkpoint was made with "
                + key
                + " "
                + saved.get(key)
                + ", this run uses "
                + now.get(key));
      }
    }
  }

  private static void deleteScratch(Path scratch) throws IOException {
    if (scratch != null) {
      try (var files = Files.list(scratch)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(scratch);
    }
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.4f", v);
  }
}
