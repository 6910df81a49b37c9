package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.models.tensorflow.TensorFlowNatives;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

@Tag("tensorflow")
class SavedModelCliTest {
  @TempDir Path dir;

  // A Keras-like export: input_1 (-1, 6, 6, 3) -> global average pooling (N, 3).
  Path pooling() throws Exception {
    TensorFlowNatives.engine();
    Path out = dir.resolve("pool_model");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 6, 6, 3)));
      Operand<TFloat32> y = tf.math.mean(x, tf.constant(new int[] {1, 2}));
      Signature sig =
          Signature.builder().key("serving_default").input("input_1", x).output("out", y).build();
      SavedModelBundle.exporter(out.toString())
          .withFunction(SessionFunction.create(sig, s))
          .export();
    }
    return out;
  }

  @Test
  void savedModelEmbedRunsTheModelOnTheTensorFlowEngine() throws Exception {
    Path picture = dir.resolve("grey.png");
    BufferedImages.write(
        BufferedImages.toBufferedImage(Image.filled(6, 6, 255, 0, 51)), "png", picture);
    CliRun r =
        CliRun.of(
            "savedmodel-embed",
            "--model",
            pooling().toString(),
            "--image",
            picture.toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonArray f = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("features");
    // 'tf' preprocessing: v / 127.5 - 1.
    assertThat(f.get(0).getAsDouble()).isCloseTo(1.0, within(1e-5));
    assertThat(f.get(1).getAsDouble()).isCloseTo(-1.0, within(1e-5));
    assertThat(f.get(2).getAsDouble()).isCloseTo(51 / 127.5 - 1, within(1e-5));

    CliRun wrong =
        CliRun.of(
            "savedmodel-embed", "--model", dir.toString(), "--image", picture.toString(), "--json");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("not a SavedModel directory");
  }
}
