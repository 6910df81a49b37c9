package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.common.collect.ImmutableList;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.Batch;
import io.imat.models.head.Head;
import io.imat.models.layers.BatchNormFolding;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bf16 training ({@link Precision#BF16}) against the float32 step of the same network from the same
 * weights: the loss and the gradients agree to bfloat16's precision, but not to the bit (so
 * bfloat16 did run), gradients and weights stay float32, and a few steps learn a batch as float32
 * does. Every backbone's layers (separable convolutions, branch merges, folded frozen layers) run
 * in bfloat16.
 */
class MixedPrecisionTest {
  private static final Taxonomy TAXONOMY = Taxonomy.imaterialist2017();
  private static final Head HEAD = Head.sigmoid();

  @ParameterizedTest
  @CsvSource({
    // torch.autocast's own bf16-vs-fp32 gradient cosine on the same configurations (Debian's
    // PyTorch 1.13, torchvision networks, batch 8; src/test/python/autocast_cosine.py): ResNet-18
    // at 64 px 0.944, Inception v3 at 75 px
    // 0.033 (its last maps are 1x1: batch norms over 8 values amplify bfloat16's rounding). imat
    // measured 0.940 and 0.033. The thresholds sit below those; the head's gradient depends on
    // the features only, and agrees far better.
    "resnet18, 64, false, 0.9, 0.999",
    "resnet18, 64, true, 0.999, 0.999",
    "inception_v3, 75, false, -1, 0.7",
    "xception, 71, false, 0.8, 0.999"
  })
  void gradientsMatchFloat32ToBfloat16Precision(
      String name, int side, boolean warmup, double minCosine, double minHeadCosine) {
    Backbone backbone = Backbone.named(name);
    Batch batch = randomBatch(side, 8);
    Pass fp32 = pass(backbone, side, batch, Precision.FP32, warmup);
    Pass bf16 = pass(backbone, side, batch, Precision.BF16, warmup);

    assertThat(bf16.logitsType).isEqualTo(DataType.FLOAT32);
    assertThat(bf16.gradientTypes).containsOnly(DataType.FLOAT32);
    assertThat(bf16.weightTypes).containsOnly(DataType.FLOAT32);
    assertThat((double) Math.abs(bf16.loss - fp32.loss) / fp32.loss).isLessThan(0.02);
    assertThat(cosine(bf16.headGradient, fp32.headGradient)).isGreaterThan(minHeadCosine);
    assertThat(cosine(bf16.gradient, fp32.gradient)).isGreaterThan(minCosine);
    // Not the float32 computation again: bfloat16 rounds every product.
    assertThat(bf16.gradient).isNotEqualTo(fp32.gradient);
  }

  @Test
  void bf16StepsLearnABatchLikeFloat32() {
    int side = 32;
    Batch batch = randomBatch(side, 8);
    float[] fp32 = losses(Precision.FP32, side, batch, 8);
    float[] bf16 = losses(Precision.BF16, side, batch, 8);
    assertThat(bf16[7]).isLessThan(bf16[0] * 0.5f);
    assertThat((double) Math.abs(bf16[7] - fp32[7]) / fp32[7]).isLessThan(0.2);
  }

  private record Pass(
      float loss,
      float[] gradient,
      float[] headGradient,
      DataType logitsType,
      List<DataType> gradientTypes,
      List<DataType> weightTypes) {}

  private static Pass pass(
      Backbone backbone, int side, Batch b, Precision precision, boolean warmup) {
    try (Model model = Model.newInstance("mixed", TrainingRun.ENGINE)) {
      Network net = network(model, backbone, side, 3, precision);
      NDManager m = model.getNDManager();
      net.prepareForTraining(warmup);
      ParameterStore store = new ParameterStore(m, false);
      try (NDManager step = m.newSubManager();
          BatchNormFolding.Cache cache = BatchNormFolding.cache(m)) {
        if (warmup) {
          net.foldFrozenLayers(cache);
        }
        NDArray x = step.create(b.pixels(), new Shape(b.size(), 3, side, side));
        NDArray y = step.create(b.target(), new Shape(b.size(), HEAD.targetWidth(TAXONOMY)));
        NDArray mask = step.create(b.mask(), new Shape(b.size(), HEAD.maskWidth(TAXONOMY)));
        float loss;
        DataType logitsType;
        try (Recording r = Recording.start()) {
          NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
          logitsType = logits.getDataType();
          NDArray l = HEAD.loss(logits, y, mask, TAXONOMY);
          r.backward(l);
          loss = l.getFloat();
        }
        net.foldFrozenLayers(null);
        List<Parameter> trainable = net.trainableParameters();
        List<DataType> gradientTypes =
            trainable.stream().map(p -> p.getArray().getGradient().getDataType()).toList();
        List<DataType> weightTypes =
            net.getParameters().values().stream().map(p -> p.getArray().getDataType()).toList();
        float[] gradient =
            trainable.stream()
                .map(p -> p.getArray().getGradient().toFloatArray())
                .reduce(new float[0], MixedPrecisionTest::concat);
        float[] headGradient =
            trainable.stream()
                .filter(p -> net.parameterName(p).contains("head"))
                .map(p -> p.getArray().getGradient().toFloatArray())
                .reduce(new float[0], MixedPrecisionTest::concat);
        return new Pass(loss, gradient, headGradient, logitsType, gradientTypes, weightTypes);
      }
    }
  }

  private static float[] losses(Precision precision, int side, Batch b, int steps) {
    try (Model model = Model.newInstance("mixed", TrainingRun.ENGINE)) {
      Network net = network(model, Backbone.named("resnet18"), side, 5, precision);
      NDManager m = model.getNDManager();
      net.prepareForTraining(false);
      ParameterStore store = new ParameterStore(m, false);
      float[] losses = new float[steps];
      try (Adam adam = new Adam(m)) {
        List<Parameter> trainable = net.trainableParameters();
        for (int i = 0; i < steps; i++) {
          losses[i] =
              TrainingRun.step(net, HEAD, m, store, adam, TAXONOMY, b, side, 1e-3, trainable);
        }
      }
      for (Parameter p : net.getParameters().values()) {
        assertThat(p.getArray().getDataType()).as(p.getName()).isEqualTo(DataType.FLOAT32);
      }
      return losses;
    }
  }

  private static Network network(
      Model model, Backbone backbone, int side, long seed, Precision precision) {
    Network net = new Network(backbone.newBlock(), HEAD.newBlock(TAXONOMY));
    model.setBlock(net);
    SeededInit.initialize(net, model.getNDManager(), seed, new Shape(1, 3, side, side));
    net.trainIn(precision, model.getNDManager());
    return net;
  }

  private static Batch randomBatch(int side, int n) {
    SplittableRandom rnd = new SplittableRandom(11);
    float[] pixels = new float[n * 3 * side * side];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    float[] target = new float[n * HEAD.targetWidth(TAXONOMY)];
    for (int i = 0; i < target.length; i++) {
      target[i] = rnd.nextDouble() < 0.05 ? 1f : 0f;
    }
    float[] mask = new float[n * HEAD.maskWidth(TAXONOMY)];
    Arrays.fill(mask, 1f);
    ImmutableList.Builder<String> ids = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      ids.add("p" + i);
    }
    return new Batch(pixels, target, mask, ids.build(), new int[n], side, 0, ImmutableList.of());
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
