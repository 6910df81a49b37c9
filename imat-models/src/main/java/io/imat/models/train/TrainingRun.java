package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.random.Permutations;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.metrics.TopOneError;
import io.imat.models.data.Batch;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: head-only warm-up with the backbone frozen, then all layers; Adam; the learning
 * rate cut on validation-loss plateaus; early stopping; the epoch with the lowest validation top-1
 * error kept; a checkpoint after every epoch so a killed run resumes.
 */
public final class TrainingRun {
  /** The engine every imat network runs on (training needs PyTorch; name it explicitly). */
  public static final String ENGINE = "PyTorch";

  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final TrainingConfig config;
  private final PictureSet train;
  private final PictureSet validation;
  private final Checkpoint checkpoint;
  private final boolean resume;
  private final ProgressListener progress;

  /**
   * A run.
   *
   * @param validation may be null: then the last epoch is kept and plateaus follow the train loss
   * @param checkpoint may be null: no checkpoints, no resume
   */
  public TrainingRun(
      TrainingConfig config,
      PictureSet train,
      PictureSet validation,
      Checkpoint checkpoint,
      boolean resume,
      ProgressListener progress) {
    checkArgument(
        train.dataset().taxonomy().hasTaskLabels(),
        "the taxonomy has no task-label lists; derive them from the training data first");
    checkArgument(
        validation == null || validation.dataset().taxonomy().equals(train.dataset().taxonomy()),
        "training and validation data use different taxonomies");
    this.config = config;
    this.train = train;
    this.validation = validation;
    this.checkpoint = checkpoint;
    this.resume = resume;
    this.progress = progress;
  }

  /** What a run produces; the caller owns (and closes) the model. */
  public record Result(Model model, Network network, TrainingHistory history, TaskPriors priors) {}

  /** Trains. The returned network holds the weights of the best epoch. */
  public Result run() throws IOException {
    Engine engine = Engine.getEngine(ENGINE);
    if (config.computeThreads() > 0) {
      JniUtils.setNumThreads(config.computeThreads());
    }
    engine.setRandomSeed((int) config.seed());
    Taxonomy taxonomy = train.dataset().taxonomy();
    TaskPriors priors = TaskPriors.fromDataset(train.dataset());
    int side = config.imageSize();

    Model model = Model.newInstance("imat-" + config.backbone().name(), ENGINE);
    boolean ok = false;
    try {
      Network net = new Network(config.backbone().newBlock(), config.head().newBlock(taxonomy));
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
      if (config.pretrained() != null) {
        config.pretrained().loadInto(net.backbone(), manager);
      }
      Path scratch = checkpoint == null ? Files.createTempDirectory("imat-train-") : null;
      TrainingHistory history;
      try {
        history =
            loop(net, manager, taxonomy, priors, scratch == null ? null : scratch.resolve("best"));
      } finally {
        deleteScratch(scratch);
      }
      ok = true;
      return new Result(model, net, history, priors);
    } finally {
      if (!ok) {
        model.close();
      }
    }
  }

  /**
   * The epochs. The best epoch's weights wait on disk, not in the Java heap: in the checkpoint
   * (when there is one) or in {@code bestFile}.
   */
  private TrainingHistory loop(
      Network net, NDManager manager, Taxonomy taxonomy, TaskPriors priors, Path bestFile)
      throws IOException {
    List<EpochStats> epochs = new ArrayList<>();
    double lr = config.learningRate();
    ReduceLrOnPlateau plateau =
        new ReduceLrOnPlateau(
            config.plateauFactor(), config.plateauPatience(), config.minLearningRate());
    int bestEpoch = 0;
    double bestError = Double.POSITIVE_INFINITY;
    int sinceBest = 0;
    int start = 1;
    boolean haveBest = false;

    try (Adam adam = new Adam(manager)) {
      Optional<JsonObject> saved =
          resume && checkpoint != null ? checkpoint.state() : Optional.empty();
      if (saved.isPresent()) {
        JsonObject s = saved.get();
        checkCompatible(s);
        checkpoint.loadParams(s, "params", net, manager);
        checkpoint.loadOptimizer(s, adam, manager);
        TrainingHistory h = TrainingHistory.fromJson(s.getAsJsonObject("history"));
        epochs.addAll(h.epochs());
        bestEpoch = h.bestEpoch();
        bestError = s.get("bestError").getAsDouble();
        sinceBest = s.get("sinceBest").getAsInt();
        lr = s.get("learningRate").getAsDouble();
        plateau.restore(s.get("plateauBest").getAsDouble(), s.get("plateauBad").getAsInt());
        start = s.get("epoch").getAsInt() + 1;
        haveBest = bestEpoch > 0;
        log.info("resuming at epoch {} of {}", start, config.epochs());
      }

      ParameterStore store = new ParameterStore(manager, false);
      for (int epoch = start; epoch <= config.epochs(); epoch++) {
        boolean warmup = epoch <= config.warmupEpochs();
        net.prepareForTraining(warmup);
        if (config.warmupEpochs() > 0 && epoch == config.warmupEpochs() + 1) {
          // Keras recompiles after unfreezing: the optimizer starts afresh for all layers.
          adam.retainOnly(new HashSet<>());
        }
        long t0 = System.nanoTime();
        double[] trainLoss = {0};
        int[] counts = {0, 0};
        trainEpoch(net, manager, store, adam, taxonomy, epoch, warmup, lr, trainLoss, counts);

        double valLoss = Double.NaN;
        double valError = Double.NaN;
        if (validation != null) {
          Inference inference = inference(net, taxonomy);
          Inference.Result r =
              inference.run(validation, manager, priors, false, true, ProgressListener.none());
          valLoss = r.loss();
          valError = TopOneError.of(validation.dataset()).score(r.predictions()).score();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        EpochStats stats =
            EpochStats.of(
                epoch, warmup, trainLoss[0], valLoss, valError, lr, seconds, counts[0], counts[1]);
        epochs.add(stats);
        log.info(
            "epoch {}/{}{}: train loss {}, val loss {}, val error {}, lr {}, {} s",
            epoch,
            config.epochs(),
            warmup ? " (warm-up)" : "",
            fmt(trainLoss[0]),
            fmt(valLoss),
            fmt(valError),
            lr,
            fmt(seconds));

        boolean improved;
        if (validation != null) {
          improved = valError < bestError;
        } else {
          improved = true;
        }
        if (improved) {
          bestError = validation != null ? valError : Double.NaN;
          bestEpoch = epoch;
          haveBest = true;
          if (bestFile != null) {
            Checkpoint.writeParams(net, bestFile);
          }
          sinceBest = 0;
        } else {
          sinceBest++;
        }
        lr = plateau.step(validation != null ? valLoss : trainLoss[0], lr);

        if (checkpoint != null) {
          JsonObject s = new JsonObject();
          s.add("config", config.toJson());
          s.add("history", new TrainingHistory(epochs, bestEpoch).toJson());
          s.addProperty("bestError", Double.isFinite(bestError) ? bestError : 1e9);
          s.addProperty("sinceBest", sinceBest);
          s.addProperty("learningRate", lr);
          s.addProperty("plateauBest", Double.isFinite(plateau.best()) ? plateau.best() : 1e300);
          s.addProperty("plateauBad", plateau.badEpochs());
          checkpoint.save(epoch, net, adam, improved, bestEpoch, s);
        }
        if (config.earlyStoppingPatience() > 0 && sinceBest >= config.earlyStoppingPatience()) {
          log.info(
              "early stopping after epoch {}: no better validation error for {} epochs",
              epoch,
              sinceBest);
          break;
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
    return new TrainingHistory(epochs, bestEpoch);
  }

  private void trainEpoch(
      Network net,
      NDManager manager,
      ParameterStore store,
      Adam adam,
      Taxonomy taxonomy,
      int epoch,
      boolean warmup,
      double lr,
      double[] lossOut,
      int[] counts) {
    int n = train.dataset().size();
    int[] order = Permutations.shuffled(n, new SplittableRandom(config.seed() * 31 + epoch));
    int side = config.imageSize();
    List<Parameter> trainable = net.trainableParameters();
    double lossSum = 0;
    int images = 0;
    int skipped = 0;
    long started = System.nanoTime();
    try (BatchPipeline batches =
            BatchPipeline.builder(train)
                .order(order)
                .batchSize(config.batchSize())
                .side(side)
                .augmenter(config.augmenter())
                .seed(config.seed() * 1_000_003L + epoch)
                .preprocessing(config.backbone().preprocessing())
                .head(config.head())
                .threads(config.loaderThreads())
                .build();
        Progress p =
            progress.start(
                String.format("epoch %d/%d%s", epoch, config.epochs(), warmup ? " warm-up" : ""),
                batches.batchCount())) {
      while (batches.hasNext()) {
        Batch b = batches.next();
        skipped += b.skipped();
        int size = b.size();
        if (size > 0) {
          float loss =
              step(net, config.head(), manager, store, adam, taxonomy, b, side, lr, trainable);
          lossSum += (double) loss * size;
          images += size;
        }
        double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        p.message(
            String.format(
                "loss %.4f, lr %.2g, %.1f img/s",
                images == 0 ? Double.NaN : lossSum / images, lr, images / secs));
        p.step();
      }
    }
    lossOut[0] = images == 0 ? Double.NaN : lossSum / images;
    counts[0] = images;
    counts[1] = skipped;
  }

  /** One optimisation step; returns the batch loss. */
  static float step(
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
    int size = b.size();
    int tw = head.targetWidth(taxonomy);
    int mw = head.maskWidth(taxonomy);
    float loss;
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(FloatBuffer.wrap(b.pixels()), new Shape(size, 3, side, side));
      NDArray y = m.create(FloatBuffer.wrap(b.target()), new Shape(size, tw));
      NDArray mask = m.create(FloatBuffer.wrap(b.mask()), new Shape(size, mw));
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray l = head.loss(logits, y, mask, taxonomy);
        gc.backward(l);
        loss = l.getFloat();
      }
      for (Parameter p : trainable) {
        NDArray w = p.getArray();
        try (NDArray g = w.getGradient()) {
          adam.update(p.getId(), w, g, (float) lr);
        }
      }
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

  private void checkCompatible(JsonObject state) {
    JsonObject saved = state.getAsJsonObject("config");
    JsonObject now = config.toJson();
    for (String key : new String[] {"backbone", "head", "imageSize"}) {
      if (!saved.get(key).equals(now.get(key))) {
        throw new IllegalStateException(
            "cannot resume: the checkpoint in "
                + checkpoint.directory()
                + " was made with "
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
