package io.imat.models.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.imat.models.layers.KerasBatchNorm;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.SeparableConv2d;
import io.imat.models.layers.TfSamePadding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras weight import on a small network (stride-2 'same' conv with bias, BN without gamma, ReLU,
 * separable conv, BN), checked against a double-precision forward pass written here in plain Java
 * on the Keras-layout (NHWC / HWIO) tensors, so the layout conversion is tested independently.
 */
class KerasWeightsTest {
  // Odd height and even width: TF's 'same' stride-2 padding is symmetric on one axis, not the
  // other.
  static final int H = 7;
  static final int W = 6;
  static final int C = 3;
  static final int F = 4; // conv filters
  static final int G = 5; // separable conv filters

  @TempDir Path dir;
  Model model;
  NDManager manager;

  @BeforeEach
  void open() {
    model = Model.newInstance("keras", "PyTorch");
    manager = model.getNDManager();
  }

  @AfterEach
  void close() {
    model.close();
  }

  static Block tinyNetwork() {
    return new NamedSequential()
        .add("conv2d_1_pad", TfSamePadding.forConv(3, 2))
        .add(
            "conv2d_1",
            Conv2d.builder()
                .setFilters(F)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(2, 2))
                .optBias(true)
                .build())
        .add("batch_normalization_1", KerasBatchNorm.builder().scale(false).build())
        .add("activation_1", Activation.reluBlock())
        .add("block2_sepconv1", SeparableConv2d.of(F, G, 3, true, false))
        .add("block2_sepconv1_bn", KerasBatchNorm.builder().build());
  }

  /** Keras-layout weights of the tiny network, seeded. */
  static final class KerasValues {
    final float[] kernel; // 3,3,C,F
    final float[] bias; // F
    final float[] bn1Beta;
    final float[] bn1Mean;
    final float[] bn1Var;
    final float[] depthwise; // 3,3,F,1
    final float[] pointwise; // 1,1,F,G
    final float[] bn2Gamma;
    final float[] bn2Beta;
    final float[] bn2Mean;
    final float[] bn2Var;

    KerasValues(long seed) {
      Random r = new Random(seed);
      kernel = KerasH5.random(r, 3, 3, C, F);
      bias = KerasH5.random(r, F);
      bn1Beta = KerasH5.random(r, F);
      bn1Mean = KerasH5.random(r, F);
      bn1Var = positive(r, F);
      depthwise = KerasH5.random(r, 3, 3, F, 1);
      pointwise = KerasH5.random(r, 1, 1, F, G);
      bn2Gamma = KerasH5.random(r, G);
      bn2Beta = KerasH5.random(r, G);
      bn2Mean = KerasH5.random(r, G);
      bn2Var = positive(r, G);
    }

    static float[] positive(Random r, int n) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = 0.5f + r.nextFloat();
      }
      return v;
    }

    KerasH5 file(String conv, String bn1, String sep, String sep2) {
      return new KerasH5()
          .tensor(conv, "kernel", new long[] {3, 3, C, F}, kernel)
          .tensor(conv, "bias", new long[] {F}, bias)
          .tensor(bn1, "beta", new long[] {F}, bn1Beta)
          .tensor(bn1, "moving_mean", new long[] {F}, bn1Mean)
          .tensor(bn1, "moving_variance", new long[] {F}, bn1Var)
          .emptyLayer("activation_1")
          .tensor(sep, "depthwise_kernel", new long[] {3, 3, F, 1}, depthwise)
          .tensor(sep, "pointwise_kernel", new long[] {1, 1, F, G}, pointwise)
          .tensor(sep2, "gamma", new long[] {G}, bn2Gamma)
          .tensor(sep2, "beta", new long[] {G}, bn2Beta)
          .tensor(sep2, "moving_mean", new long[] {G}, bn2Mean)
          .tensor(sep2, "moving_variance", new long[] {G}, bn2Var);
    }

    KerasH5 file() {
      return file("conv2d_1", "batch_normalization_1", "block2_sepconv1", "block2_sepconv1_bn");
    }
  }

  // ---- the independent reference: NHWC, HWIO, double precision, TF 'same' padding by hand ----

  static double[][][] reference(KerasValues k, double[][][] x) {
    // conv 3x3 stride 2 'same': out = ceil(n/2); pad_before = floor(total/2).
    int oh = (H + 1) / 2;
    int ow = (W + 1) / 2;
    int padTop = Math.max((oh - 1) * 2 + 3 - H, 0) / 2;
    int padLeft = Math.max((ow - 1) * 2 + 3 - W, 0) / 2;
    double[][][] y = new double[oh][ow][F];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int f = 0; f < F; f++) {
          double s = k.bias[f];
          for (int di = 0; di < 3; di++) {
            for (int dj = 0; dj < 3; dj++) {
              int r = i * 2 + di - padTop;
              int c = j * 2 + dj - padLeft;
              if (r < 0 || r >= H || c < 0 || c >= W) {
                continue;
              }
              for (int ch = 0; ch < C; ch++) {
                s += x[r][c][ch] * k.kernel[((di * 3 + dj) * C + ch) * F + f];
              }
            }
          }
          // BN without gamma, epsilon 1e-3, then ReLU.
          double bn = (s - k.bn1Mean[f]) / Math.sqrt(k.bn1Var[f] + 1e-3) + k.bn1Beta[f];
          y[i][j][f] = Math.max(0, bn);
        }
      }
    }
    // depthwise 3x3 stride 1 'same' (pad 1 each side), pointwise, BN with gamma.
    double[][][] d = new double[oh][ow][F];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int f = 0; f < F; f++) {
          double s = 0;
          for (int di = 0; di < 3; di++) {
            for (int dj = 0; dj < 3; dj++) {
              int r = i + di - 1;
              int c = j + dj - 1;
              if (r >= 0 && r < oh && c >= 0 && c < ow) {
                s += y[r][c][f] * k.depthwise[(di * 3 + dj) * F + f];
              }
            }
          }
          d[i][j][f] = s;
        }
      }
    }
    double[][][] out = new double[oh][ow][G];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int g = 0; g < G; g++) {
          double s = 0;
          for (int f = 0; f < F; f++) {
            s += d[i][j][f] * k.pointwise[f * G + g];
          }
          out[i][j][g] =
              (s - k.bn2Mean[g]) / Math.sqrt(k.bn2Var[g] + 1e-3) * k.bn2Gamma[g] + k.bn2Beta[g];
        }
      }
    }
    return out;
  }

  static double[][][] randomPicture(long seed) {
    Random r = new Random(seed);
    double[][][] x = new double[H][W][C];
    for (int i = 0; i < H; i++) {
      for (int j = 0; j < W; j++) {
        for (int c = 0; c < C; c++) {
          x[i][j][c] = (float) r.nextGaussian();
        }
      }
    }
    return x;
  }

  float[] forward(Block net, double[][][] x) {
    float[] nchw = new float[C * H * W];
    for (int c = 0; c < C; c++) {
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < W; j++) {
          nchw[(c * H + i) * W + j] = (float) x[i][j][c];
        }
      }
    }
    NDArray in = manager.create(nchw, new Shape(1, C, H, W));
    return net.forward(new ParameterStore(manager, false), new NDList(in), false)
        .singletonOrThrow()
        .toFloatArray();
  }

  Block initialised() {
    Block net = tinyNetwork();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, C, H, W));
    return net;
  }

  static void assertMatchesReference(float[] nchw, double[][][] ref) {
    int oh = ref.length;
    int ow = ref[0].length;
    assertThat(nchw).hasSize(G * oh * ow);
    assertThat(oh).isEqualTo(4);
    assertThat(ow).isEqualTo(3);
    for (int g = 0; g < G; g++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double want = ref[i][j][g];
          assertThat((double) nchw[(g * oh + i) * ow + j])
              .as("channel %d at (%d, %d)", g, i, j)
              .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want))));
        }
      }
    }
  }

  @Test
  void importedWeightsReproduceAnIndependentDoublePrecisionForwardPass() throws IOException {
    KerasValues k = new KerasValues(11);
    Path file = dir.resolve("tiny.h5");
    k.file().write(file);
    Block net = initialised();

    ImportReport report = KerasWeights.of(file).importInto(net);

    assertThat(report.isComplete()).as(report.summary()).isTrue();
    assertThat(report.loadedLayers()).isEqualTo(4);
    assertThat(report.loadedTensors()).isEqualTo(2 + 3 + 2 + 4);
    double[][][] x = randomPicture(5);
    assertMatchesReference(forward(net, x), reference(k, x));
  }

  @Test
  void autoNamedLayersMatchByRankWhateverTheFirstNumber() throws IOException {
    // TF2 Keras names the first conv 'conv2d' (counter 0); a later session may start at 37.
    KerasValues k = new KerasValues(12);
    Path tf2 = dir.resolve("tf2.h5");
    k.file("conv2d", "batch_normalization", "block2_sepconv1", "block2_sepconv1_bn").write(tf2);
    Path later = dir.resolve("later.h5");
    k.file("conv2d_37", "batch_normalization_37", "block2_sepconv1", "block2_sepconv1_bn")
        .write(later);
    double[][][] x = randomPicture(6);
    for (Path file : new Path[] {tf2, later}) {
      Block net = initialised();
      assertThat(KerasWeights.of(file).importInto(net).isComplete()).isTrue();
      assertMatchesReference(forward(net, x), reference(k, x));
    }
  }

  @Test
  void exportedWeightsRoundTrip() throws IOException {
    Block a = initialised();
    new KerasValues(13).file().write(dir.resolve("a.h5"));
    KerasWeights.of(dir.resolve("a.h5")).importInto(a);
    Path again = dir.resolve("again.h5");
    new KerasH5().network(a, n -> n).write(again);
    Block b = initialised();
    KerasWeights.of(again).importInto(b);
    double[][][] x = randomPicture(7);
    assertThat(forward(b, x)).containsExactly(forward(a, x));
  }

  @Test
  void wrongShapeFailsNamingTheLayerAndBothShapes() throws IOException {
    KerasValues k = new KerasValues(14);
    Path file = dir.resolve("wrong.h5");
    Random r = new Random(1);
    new KerasH5()
        .tensor(
            "conv2d_1", "kernel", new long[] {3, 3, C, F + 1}, KerasH5.random(r, 3, 3, C, F + 1))
        .tensor("conv2d_1", "bias", new long[] {F}, k.bias)
        .tensor("batch_normalization_1", "beta", new long[] {F}, k.bn1Beta)
        .tensor("batch_normalization_1", "moving_mean", new long[] {F}, k.bn1Mean)
        .tensor("batch_normalization_1", "moving_variance", new long[] {F}, k.bn1Var)
        .tensor("block2_sepconv1", "depthwise_kernel", new long[] {3, 3, F, 1}, k.depthwise)
        .tensor("block2_sepconv1", "pointwise_kernel", new long[] {1, 1, F, G}, k.pointwise)
        .tensor("block2_sepconv1_bn", "gamma", new long[] {G}, k.bn2Gamma)
        .tensor("block2_sepconv1_bn", "beta", new long[] {G}, k.bn2Beta)
        .tensor("block2_sepconv1_bn", "moving_mean", new long[] {G}, k.bn2Mean)
        .tensor("block2_sepconv1_bn", "moving_variance", new long[] {G}, k.bn2Var)
        .write(file);
    Block net = initialised();
    float[] before = net.getParameters().get(0).getValue().getArray().toFloatArray();

    assertThatThrownBy(() -> KerasWeights.of(file).importInto(net))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("wrong.h5")
        .hasMessageContaining("layer conv2d_1")
        .hasMessageContaining("kernel:0")
        .hasMessageContaining("[3, 3, 3, 5]")
        .hasMessageContaining("[3, 3, 3, 4]");
    // Nothing was written: checks come first.
    assertThat(net.getParameters().get(0).getValue().getArray().toFloatArray())
        .containsExactly(before);
  }

  @Test
  void gammaForALayerWithoutOneIsAnotherArchitecture() throws IOException {
    KerasValues k = new KerasValues(15);
    Path file = dir.resolve("scaled.h5");
    k.file().tensor("batch_normalization_1", "gamma", new long[] {F}, k.bn1Beta).write(file);
    assertThatThrownBy(() -> KerasWeights.of(file).importInto(initialised()))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("layer batch_normalization_1")
        .hasMessageContaining("gamma");
  }

  @Test
  void weightsOfAnotherArchitectureAreRejectedClearly() throws IOException {
    Path file = dir.resolve("other.h5");
    Random r = new Random(2);
    new KerasH5()
        .tensor("dense_1", "kernel", new long[] {10, 3}, KerasH5.random(r, 10, 3))
        .tensor("dense_1", "bias", new long[] {3}, KerasH5.random(r, 3))
        .tensor("fc_out", "kernel", new long[] {3, 2}, KerasH5.random(r, 3, 2))
        .write(file);
    assertThatThrownBy(() -> KerasWeights.of(file).importInto(initialised()))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("other.h5")
        .hasMessageContaining("another architecture")
        .hasMessageContaining("dense_1");
  }

  @Test
  void missingLayersFailUnlessAllowedAndAreReported() throws IOException {
    KerasValues k = new KerasValues(16);
    Path file = dir.resolve("partial.h5");
    new KerasH5()
        .tensor("conv2d_1", "kernel", new long[] {3, 3, C, F}, k.kernel)
        .tensor("conv2d_1", "bias", new long[] {F}, k.bias)
        .tensor("predictions", "kernel", new long[] {G, 2}, KerasH5.random(new Random(3), G, 2))
        .write(file);
    assertThatThrownBy(() -> KerasWeights.of(file).importInto(initialised()))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("3 of the network's 4 weight layers are not in the file")
        .hasMessageContaining("batch_normalization_1");

    ImportReport r = KerasWeights.of(file).allowMissing(true).importInto(initialised());
    assertThat(r.loadedLayers()).isEqualTo(1);
    assertThat(r.loadedTensors()).isEqualTo(2);
    assertThat(r.missing())
        .contains(
            "batch_normalization_1/beta",
            "block2_sepconv1/depthwise_kernel",
            "block2_sepconv1_bn/moving_variance")
        .hasSize(3 + 2 + 4);
    assertThat(r.unused()).containsExactly("predictions/kernel");
    assertThat(r.summary()).contains("missing 9").contains("unused 1");
  }

  @Test
  void filesThatAreNotKerasWeightsFailWithTheirName() throws IOException {
    Path text = dir.resolve("notes.h5");
    Files.writeString(text, "not hdf5 at all");
    assertThatThrownBy(() -> KerasWeights.of(text).importInto(initialised()))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("notes.h5")
        .hasMessageContaining("not an HDF5 file");

    Path bare = dir.resolve("bare.h5");
    try (var f = io.jhdf.HdfFile.write(bare)) {
      f.putDataset("x", new float[] {1, 2});
    }
    assertThatThrownBy(() -> KerasWeights.of(bare).importInto(initialised()))
        .isInstanceOf(KerasImportException.class)
        .hasMessageContaining("bare.h5")
        .hasMessageContaining("layer_names");

    assertThatThrownBy(() -> KerasWeights.of(dir.resolve("absent.h5")).importInto(initialised()))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
