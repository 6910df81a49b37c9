package io.imat.examples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.google.common.collect.ImmutableList;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.Batch;
import io.imat.models.head.Head;
import io.imat.models.train.Adam;
import io.imat.models.train.Network;
import io.imat.models.train.Precision;
import io.imat.models.train.PyTorchEnvironment;
import io.imat.models.train.StepObserver;
import io.imat.models.train.StepPhase;
import io.imat.models.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Times imat's training step — forward, loss, backward, Adam — on random pictures, exactly the code
 * {@link TrainingRun} runs per batch ({@link TrainingRun#step}). Used by {@code imat bench train}.
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  /** One measurement. */
  public record Result(
      String backbone,
      int size,
      int batch,
      int threads,
      double imagesPerSecond,
      double[] stepSeconds) {}

  /**
   * Runs {@code warmup} untimed then {@code steps} timed steps of {@code backbone} with a {@code
   * head} over {@code taxonomy}, on {@code threads} PyTorch threads; reports the median.
   */
  public static Result run(
      Backbone backbone,
      Head head,
      Taxonomy taxonomy,
      int size,
      int batch,
      int threads,
      int warmup,
      int steps) {
    return run(backbone, head, taxonomy, size, batch, threads, warmup, steps, Precision.FP32);
  }

  /** {@link #run(Backbone, Head, Taxonomy, int, int, int, int, int) run} in {@code precision}. */
  public static Result run(
      Backbone backbone,
      Head head,
      Taxonomy taxonomy,
      int size,
      int batch,
      int threads,
      int warmup,
      int steps,
      Precision precision) {
    return withStep(
        backbone,
        head,
        taxonomy,
        size,
        batch,
        threads,
        warmup,
        precision,
        step -> {
          double[] t = new double[steps];
          for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run(StepObserver.NONE);
            t[i] = (System.nanoTime() - t0) / 1e9;
          }
          return new Result(backbone.name(), size, batch, threads, batch / Medians.of(t), t);
        });
  }

  /** A step's time split by phase, and PyTorch's operator profile of the same step. */
  public record Profile(Map<StepPhase, Double> phaseSeconds, OperatorProfile operators) {}

  /**
   * Times {@code steps} steps phase by phase (medians per phase), then runs {@code profiled} more
   * under PyTorch's profiler, whose Chrome trace goes to {@code trace}.
   */
  public static Profile profile(
      Backbone backbone,
      Head head,
      Taxonomy taxonomy,
      int size,
      int batch,
      int threads,
      int steps,
      int profiled,
      Path trace) {
    return withStep(
        backbone,
        head,
        taxonomy,
        size,
        batch,
        threads,
        3,
        Precision.FP32,
        step -> {
          Map<StepPhase, double[]> laps = new EnumMap<>(StepPhase.class);
          for (StepPhase p : StepPhase.values()) {
            laps.put(p, new double[steps]);
          }
          for (int i = 0; i < steps; i++) {
            int k = i;
            long[] last = {System.nanoTime()};
            step.run(
                phase -> {
                  long now = System.nanoTime();
                  laps.get(phase)[k] = (now - last[0]) / 1e9;
                  last[0] = now;
                });
          }
          JniUtils.startProfile(false, false, false);
          try {
            for (int i = 0; i < profiled; i++) {
              step.run(StepObserver.NONE);
            }
          } finally {
            JniUtils.stopProfile(trace.toString());
          }
          Map<StepPhase, Double> medians = new EnumMap<>(StepPhase.class);
          laps.forEach((p, t) -> medians.put(p, Medians.of(t)));
          try {
            return new Profile(medians, OperatorProfile.readTrace(trace, profiled));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private interface Step {
    void run(StepObserver observer);
  }

  // Builds the network, a random batch and Adam, runs the warm-up steps, then hands the step over.
  private static <T> T withStep(
      Backbone backbone,
      Head head,
      Taxonomy taxonomy,
      int size,
      int batch,
      int threads,
      int warmup,
      Precision precision,
      Function<Step, T> timed) {
    PyTorchEnvironment.prepare(); // as training does, before the engine loads
    Engine engine = Engine.getEngine(TrainingRun.ENGINE);
    JniUtils.setNumThreads(threads);
    engine.setRandomSeed(0);
    try (Model model = Model.newInstance("bench", TrainingRun.ENGINE)) {
      Network net = new Network(backbone.newBlock(), head.newBlock(taxonomy));
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      net.trainIn(precision, manager);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
      net.prepareForTraining(false);
      List<Parameter> trainable = net.trainableParameters();
      ParameterStore store = new ParameterStore(manager, false);
      Batch b = randomBatch(head, taxonomy, size, batch, new SplittableRandom(1));
      try (Adam adam = new Adam(manager)) {
        Step step =
            observer ->
                TrainingRun.step(
                    net, head, manager, store, adam, taxonomy, b, size, 1e-4, trainable, observer);
        for (int i = 0; i < warmup; i++) {
          step.run(StepObserver.NONE);
        }
        return timed.apply(step);
      }
    }
  }

  private static Batch randomBatch(
      Head head, Taxonomy taxonomy, int size, int n, SplittableRandom rnd) {
    float[] pixels = new float[n * 3 * size * size];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    int tw = head.targetWidth(taxonomy);
    int mw = head.maskWidth(taxonomy);
    float[] target = new float[n * tw];
    float[] mask = new float[n * mw];
    for (int i = 0; i < target.length; i++) {
      target[i] = rnd.nextDouble() < 0.02 ? 1f : 0f;
    }
    Arrays.fill(mask, 1f);
    ImmutableList.Builder<String> ids = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      ids.add(String.valueOf(i));
    }
    return new Batch(pixels, target, mask, ids.build(), new int[n], size, 0, ImmutableList.of());
  }
}
