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
import io.imat.models.train.TrainingRun;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

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
    Engine engine = Engine.getEngine(TrainingRun.ENGINE);
    JniUtils.setNumThreads(threads);
    engine.setRandomSeed(0);
    try (Model model = Model.newInstance("bench", TrainingRun.ENGINE)) {
      Network net = new Network(backbone.newBlock(), head.newBlock(taxonomy));
      model.setBlock(net);
      NDManager manager = model.getNDManager();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
      net.prepareForTraining(false);
      List<Parameter> trainable = net.trainableParameters();
      ParameterStore store = new ParameterStore(manager, false);
      Batch b = randomBatch(head, taxonomy, size, batch, new SplittableRandom(1));
      try (Adam adam = new Adam(manager)) {
        for (int i = 0; i < warmup; i++) {
          TrainingRun.step(net, head, manager, store, adam, taxonomy, b, size, 1e-4, trainable);
        }
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
          long t0 = System.nanoTime();
          TrainingRun.step(net, head, manager, store, adam, taxonomy, b, size, 1e-4, trainable);
          t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Result(backbone.name(), size, batch, threads, batch / Medians.of(t), t);
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
