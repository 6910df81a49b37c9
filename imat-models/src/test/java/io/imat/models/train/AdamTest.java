package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamTest {
  @Test
  void matchesTheTextbookUpdateComputedInDoubles() {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-7;
    double lr = 0.01;
    double[] w = {0.5, -1.0, 2.0, 0.0};
    double[] m = new double[4];
    double[] v = new double[4];
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Adam adam = new Adam(manager)) {
      NDArray weight = manager.create(new float[] {0.5f, -1f, 2f, 0f}, new Shape(4));
      weight.setRequiresGradient(true);
      for (int t = 1; t <= 5; t++) {
        // loss = sum(w^3) / 3 -> gradient w^2 (a different gradient each step).
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          gc.backward(weight.pow(3).sum().div(3));
        }
        try (NDArray g = weight.getGradient()) {
          adam.update("w", weight, g, (float) lr);
        }
        for (int i = 0; i < 4; i++) {
          double g = w[i] * w[i];
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          double mHat = m[i] / (1 - Math.pow(b1, t));
          double vHat = v[i] / (1 - Math.pow(b2, t));
          // Keras' form: the bias correction folded into the step size, ε added to √v.
          double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
          w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
          assertThat(mHat).isFinite();
          assertThat(vHat).isFinite();
        }
        float[] got = weight.toFloatArray();
        for (int i = 0; i < 4; i++) {
          assertThat((double) got[i])
              .as("step %s, w[%s]", t, i)
              .isCloseTo(w[i], Offset.offset(1e-5));
        }
        // The gradient is zeroed for the next backward pass.
        assertThat(weight.getGradient().toFloatArray()).containsOnly(0f);
      }
    }
  }
}
