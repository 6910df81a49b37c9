package io.imat.models.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.SeparableConv2d;
import io.imat.models.layers.TfAvgPool;
import io.imat.models.layers.TfMaxPool;
import io.imat.models.layers.TfSamePadding;
import io.imat.models.tensorflow.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The Keras layers imat rebuilds in PyTorch, checked against TensorFlow's own kernels (the natives
 * DJL ships): Conv2D 'same' with stride 2, batch normalisation, DepthwiseConv2dNative + 1×1 conv
 * (SeparableConv2D), MaxPool 'same' with stride 2 and AvgPool 'same' (which ignores padding), at an
 * odd height and an even width, with weights passed through an h5 file and {@link KerasWeights}.
 */
@Tag("tensorflow")
class TensorFlowSemanticsTest {
  static final int H = 9;
  static final int W = 8;
  static final int C = 3;
  static final int F = 4;
  static final int G = 6;

  @TempDir Path dir;

  @BeforeAll
  static void engine() throws IOException {
    TensorFlowNatives.engine();
  }

  static Block network() {
    return new NamedSequential()
        .add("conv_pad", TfSamePadding.forConv(3, 2))
        .add(
            "conv",
            Conv2d.builder()
                .setFilters(F)
                .setKernelShape(new ai.djl.ndarray.types.Shape(3, 3))
                .optStride(new ai.djl.ndarray.types.Shape(2, 2))
                .optBias(true)
                .build())
        .add("bn", KerasBatchNorm.builder().build())
        .add("sep", SeparableConv2d.of(F, G, 3, true, false))
        .add("pool", TfMaxPool.same(3, 2))
        .add("avg", TfAvgPool.same(3))
        .add("relu", Activation.reluBlock());
  }

  static TFloat32 tensor(float[] v, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  static Operand<TFloat32> constant(Ops tf, float[] v, long... shape) {
    return tf.reshape(tf.constant(v), tf.constant(shape));
  }

  @Test
  void pytorchLayersAgreeWithTensorFlowKernels() throws IOException {
    Random r = new Random(3);
    float[] kernel = KerasH5.random(r, 3, 3, C, F);
    float[] bias = KerasH5.random(r, F);
    float[] gamma = KerasH5.random(r, F);
    float[] beta = KerasH5.random(r, F);
    float[] mean = KerasH5.random(r, F);
    float[] var = KerasWeightsTest.KerasValues.positive(r, F);
    float[] depthwise = KerasH5.random(r, 3, 3, F, 1);
    float[] pointwise = KerasH5.random(r, 1, 1, F, G);
    float[] nhwc = KerasH5.random(r, 1, H, W, C);
    // Mostly negative activations before pooling: padding with zeros instead of -inf would show.
    for (int i = 0; i < pointwise.length; i++) {
      pointwise[i] = -Math.abs(pointwise[i]);
    }
    Path file = dir.resolve("semantics.h5");
    new KerasH5()
        .tensor("conv", "kernel", new long[] {3, 3, C, F}, kernel)
        .tensor("conv", "bias", new long[] {F}, bias)
        .tensor("bn", "gamma", new long[] {F}, gamma)
        .tensor("bn", "beta", new long[] {F}, beta)
        .tensor("bn", "moving_mean", new long[] {F}, mean)
        .tensor("bn", "moving_variance", new long[] {F}, var)
        .tensor("sep", "depthwise_kernel", new long[] {3, 3, F, 1}, depthwise)
        .tensor("sep", "pointwise_kernel", new long[] {1, 1, F, G}, pointwise)
        .write(file);

    float[] expected;
    long[] expectedShape;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, H, W, C)));
      Operand<TFloat32> y =
          tf.nn.conv2d(x, constant(tf, kernel, 3, 3, C, F), List.of(1L, 2L, 2L, 1L), "SAME");
      y = tf.math.add(y, constant(tf, bias, F));
      y =
          tf.math.add(
              tf.math.mul(
                  tf.math.mul(
                      tf.math.sub(y, constant(tf, mean, F)),
                      tf.math.rsqrt(
                          tf.math.add(constant(tf, var, F), tf.constant(new float[] {1e-3f})))),
                  constant(tf, gamma, F)),
              constant(tf, beta, F));
      y =
          tf.nn.depthwiseConv2dNative(
              y, constant(tf, depthwise, 3, 3, F, 1), List.of(1L, 1L, 1L, 1L), "SAME");
      y = tf.nn.conv2d(y, constant(tf, pointwise, 1, 1, F, G), List.of(1L, 1L, 1L, 1L), "SAME");
      y =
          tf.nn.maxPool(
              y, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
      y = tf.nn.avgPool(y, List.of(1L, 3L, 3L, 1L), List.of(1L, 1L, 1L, 1L), "SAME");
      y = tf.nn.relu(y);
      try (TFloat32 in = tensor(nhwc, 1, H, W, C);
          var result = s.runner().feed(x, in).fetch(y).run()) {
        TFloat32 out = (TFloat32) result.get(0);
        expectedShape = out.shape().asArray();
        expected = new float[(int) out.size()];
        out.read(DataBuffers.of(expected, false, false));
      }
    }
    // TF 'same': 9x8 -> conv s2 -> 5x4 -> pool s2 -> 3x2.
    assertThat(expectedShape).containsExactly(1, 3, 2, G);

    try (Model model = Model.newInstance("sem", "PyTorch")) {
      NDManager m = model.getNDManager();
      Block net = network();
      net.initialize(m, DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, C, H, W));
      assertThat(KerasWeights.of(file).importInto(net).isComplete()).isTrue();
      NDArray x = m.create(nhwc, new ai.djl.ndarray.types.Shape(1, H, W, C)).transpose(0, 3, 1, 2);
      NDArray y =
          net.forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .transpose(0, 2, 3, 1);
      assertThat(y.getShape().getShape()).containsExactly(expectedShape);
      float[] got = y.toFloatArray();
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i])
            .as("element %d", i)
            .isCloseTo(
                expected[i],
                org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(expected[i]))));
      }
    }
  }
}
