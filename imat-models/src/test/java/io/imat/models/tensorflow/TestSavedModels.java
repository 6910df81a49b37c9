package io.imat.models.tensorflow;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Builds small SavedModels with the TensorFlow Java API (inside DJL's tensorflow-api), shaped like
 * Keras exports: one NHWC input {@code input_1} of shape (-1, side, side, 3), signature {@code
 * serving_default}.
 */
final class TestSavedModels {
  private TestSavedModels() {}

  /**
   * {@code global_average_pool(x) · weights + bias}, optionally through a sigmoid: (N, 3) → (N, K).
   * With {@code weights} null the output is the pooled input itself (a feature extractor).
   */
  static Path export(Path dir, int side, float[][] weights, float[] bias, boolean sigmoid)
      throws IOException {
    TensorFlowNatives.engine(); // the TF Java API needs the natives DJL loads
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("input_1")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, 3)));
      Operand<TFloat32> y = tf.math.mean(x, tf.constant(new int[] {1, 2}));
      if (weights != null) {
        y = tf.math.add(tf.linalg.matMul(y, tf.constant(weights)), tf.constant(bias));
        if (sigmoid) {
          y = tf.math.sigmoid(y);
        }
      }
      y = tf.withName("output").identity(y);
      Signature sig =
          Signature.builder()
              .key("serving_default")
              .input("input_1", x)
              .output("output", y)
              .build();
      SavedModelBundle.exporter(dir.toString())
          .withFunction(SessionFunction.create(sig, s))
          .export();
    }
    return dir;
  }
}
