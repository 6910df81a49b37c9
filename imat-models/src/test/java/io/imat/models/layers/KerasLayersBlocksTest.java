package io.imat.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class KerasLayersBlocksTest {
  @Test
  void tfSamePaddingPutsTheExtraCellAtTheEnd() {
    // out = ceil(n / s); total = max((out - 1)·s + k − n, 0); before = total / 2.
    assertThat(TfSamePadding.amounts(7, 3, 2)).containsExactly(1, 1);
    assertThat(TfSamePadding.amounts(6, 3, 2)).containsExactly(0, 1);
    assertThat(TfSamePadding.amounts(224, 7, 2)).containsExactly(2, 3);
    assertThat(TfSamePadding.amounts(147, 3, 2)).containsExactly(1, 1);
    assertThat(TfSamePadding.amounts(74, 3, 2)).containsExactly(0, 1);
    assertThat(TfSamePadding.amounts(10, 1, 2)).containsExactly(0, 0);
    assertThat(TfSamePadding.amounts(5, 3, 1)).containsExactly(1, 1);
  }

  @Test
  void maxPoolPaddingNeverWinsOverNegativeValues() {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      NDManager m = model.getNDManager();
      NamedSequential pool =
          new NamedSequential()
              .add("pad", TfSamePadding.forMaxPool(3, 2))
              .add("pool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
      Shape in = new Shape(1, 1, 4, 4);
      pool.initialize(m, DataType.FLOAT32, in);
      assertThat(in).isEqualTo(new Shape(1, 1, 4, 4)); // shape inference leaves its input alone
      NDArray x = m.arange(1f, 17f).neg().reshape(in); // -1 … -16, row-major
      float[] y =
          pool.forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      // Windows rows/cols {0,1,2} and {2,3,(pad)}: the max is the top-left real cell.
      assertThat(y).containsExactly(-1f, -3f, -9f, -11f);
      assertThat(pool.getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(1, 1, 2, 2));
    }
  }

  @Test
  void maxPoolInOneCallMatchesExplicitPaddingAtOddAndEvenSides() {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      NDManager m = model.getNDManager();
      for (int[] hw : new int[][] {{4, 4}, {5, 5}, {6, 7}, {147, 148}}) {
        Shape in = new Shape(2, 3, hw[0], hw[1]);
        NamedSequential explicit =
            new NamedSequential()
                .add("pad", TfSamePadding.forMaxPool(3, 2))
                .add("pool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
        TfMaxPool fused = TfMaxPool.same(3, 2);
        explicit.initialize(m, DataType.FLOAT32, in);
        fused.initialize(m, DataType.FLOAT32, in);
        NDArray x = m.randomUniform(-2, -1, in);
        ParameterStore ps = new ParameterStore(m, false);
        NDArray a = explicit.forward(ps, new NDList(x), false).singletonOrThrow();
        NDArray b = fused.forward(ps, new NDList(x), false).singletonOrThrow();
        assertThat(b.getShape()).isEqualTo(a.getShape());
        assertThat(fused.getOutputShapes(new Shape[] {in})[0]).isEqualTo(a.getShape());
        assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
      }
    }
  }

  @Test
  void avgPoolAveragesOnlyRealCells() {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      NDManager m = model.getNDManager();
      TfAvgPool pool = TfAvgPool.same(3);
      Shape in = new Shape(1, 1, 2, 3);
      pool.initialize(m, DataType.FLOAT32, in);
      NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, in);
      float[] y =
          pool.forward(new ParameterStore(m, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      // Corner (0,0) sees 1,2,4,5 → 3; (0,1) sees all six → 3.5.
      assertThat(y)
          .containsExactly(
              new float[] {3f, 3.5f, 4f, 3f, 3.5f, 4f}, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  static Block everyNewLayer() {
    return new NamedSequential()
        .add("pad", TfSamePadding.forConv(3, 2))
        .add(
            "conv",
            Conv2d.builder()
                .setFilters(4)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(2, 2))
                .build())
        .add("bn", KerasBatchNorm.builder().scale(false).build())
        .add(
            "mix",
            Merge.concat()
                .branch(
                    "a", new NamedSequential().add("sep", SeparableConv2d.of(4, 3, 3, true, true)))
                .branch("b", new NamedSequential().add("avg", TfAvgPool.same(3))))
        .add(
            "res",
            Merge.add()
                .branch("id", new NamedSequential())
                .branch("relu", new NamedSequential().add("r", Activation.reluBlock())))
        .add("gap", Pool.globalAvgPool2dBlock());
  }

  @Test
  void parametersSaveAndLoadAndShapesAgree() throws Exception {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      NDManager m = model.getNDManager();
      Shape in = new Shape(2, 3, 9, 8);
      Block a = everyNewLayer();
      a.initialize(m, DataType.FLOAT32, in);
      // BN without gamma: beta, moving mean, moving variance only.
      assertThat(a.getParameters().keys()).noneMatch(k -> k.contains("bn") && k.endsWith("gamma"));
      // The new BN starts as the identity on fresh statistics: moving variance 1, mean 0.
      NDArray x = m.randomUniform(-1, 1, in);
      ParameterStore ps = new ParameterStore(m, false);
      NDArray ya = a.forward(ps, new NDList(x), false).singletonOrThrow();
      assertThat(ya.getShape()).isEqualTo(a.getOutputShapes(new Shape[] {in})[0]);
      assertThat(ya.getShape()).isEqualTo(new Shape(2, 7));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      a.saveParameters(new DataOutputStream(bytes));
      Block b = everyNewLayer();
      b.initialize(m, DataType.FLOAT32, in);
      b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(b.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(ya.toFloatArray());
      // Training mode runs too (batch statistics, moving statistics updated).
      assertThat(b.forward(ps, new NDList(x), true).singletonOrThrow().getShape())
          .isEqualTo(new Shape(2, 7));
    }
  }
}
