package io.imat.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KerasBatchNorm} computes what DJL's {@link BatchNorm} computes — outputs and updated
 * moving statistics, in training and in inference — without DJL's axis swap, so its output is a
 * tensor of its own rather than a view, and it reads the parameter files DJL's batch norm wrote.
 */
class KerasBatchNormTest {
  private static final Shape IN = new Shape(4, 6, 5, 5);

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void equalsDjlBatchNorm(boolean training) {
    try (Model model = Model.newInstance("bn", "PyTorch")) {
      NDManager m = model.getNDManager();
      Block djl = BatchNorm.builder().optEpsilon(1.001e-5f).optMomentum(0.9f).build();
      Block ours = KerasBatchNorm.builder().epsilon(1.001e-5f).momentum(0.9f).build();
      djl.initialize(m, DataType.FLOAT32, IN);
      ours.initialize(m, DataType.FLOAT32, IN);
      // Distinct, equal parameters on both sides.
      for (int i = 0; i < djl.getParameters().size(); i++) {
        NDArray v =
            m.randomUniform(0.5f, 1.5f, djl.getParameters().valueAt(i).getArray().getShape());
        djl.getParameters().valueAt(i).getArray().set(v.toFloatArray());
        ours.getParameters().valueAt(i).getArray().set(v.toFloatArray());
      }
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomNormal(IN).mul(3).add(1);
      NDArray a = djl.forward(store, new NDList(x), training).singletonOrThrow();
      NDArray b = ours.forward(store, new NDList(x), training).singletonOrThrow();

      assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
      for (String stat : new String[] {"runningMean", "runningVar"}) {
        float[] theirs = djl.getParameters().get(stat).getArray().toFloatArray();
        assertThat(ours.getParameters().get(stat).getArray().toFloatArray())
            .as(stat)
            .containsExactly(theirs);
      }
    }
  }

  @Test
  void outputIsNotAView() {
    try (Model model = Model.newInstance("bn", "PyTorch")) {
      NDManager m = model.getNDManager();
      Block ours = KerasBatchNorm.builder().build();
      ours.initialize(m, DataType.FLOAT32, IN);
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomNormal(IN);
      x.setRequiresGradient(true);
      boolean before = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      try {
        NDArray y = ours.forward(store, new NDList(x), true).singletonOrThrow();
        // DJL's wrapper answers "TransposeBackward0": an in-place residual sum on that view makes
        // autograd clone the whole gradient in the backward pass.
        assertThat(JniUtils.getGradientFunctionNames((PtNDArray) y))
            .isEqualTo("NativeBatchNormBackward0");
      } finally {
        JniUtils.setGradMode(before);
      }
    }
  }

  @Test
  void readsParametersSavedByDjlBatchNorm() throws Exception {
    try (Model model = Model.newInstance("bn", "PyTorch")) {
      NDManager m = model.getNDManager();
      NamedSequential old = new NamedSequential();
      old.add("conv", Conv2d.builder().setFilters(6).setKernelShape(new Shape(3, 3)).build());
      old.add("bn", BatchNorm.builder().optEpsilon(1.001e-5f).optMomentum(0.99f).build());
      NamedSequential now = new NamedSequential();
      now.add("conv", Conv2d.builder().setFilters(6).setKernelShape(new Shape(3, 3)).build());
      now.add("bn", KerasBatchNorm.builder().epsilon(1.001e-5f).momentum(0.99f).build());
      Shape in = new Shape(2, 3, 8, 8);
      old.initialize(m, DataType.FLOAT32, in);
      now.initialize(m, DataType.FLOAT32, in);
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomNormal(in);
      old.forward(store, new NDList(x), true); // moving statistics away from 0 and 1
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      old.saveParameters(new DataOutputStream(bytes));

      now.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

      assertThat(now.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(
              old.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray());
    }
  }
}
