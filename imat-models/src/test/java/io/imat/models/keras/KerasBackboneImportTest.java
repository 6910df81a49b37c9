package io.imat.models.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.imat.models.backbone.Backbone;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole InceptionV3 and Xception weight files (every tensor, Keras layout, Keras 2 names) import
 * into a differently initialised network and give identical features.
 */
class KerasBackboneImportTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"inception_v3, 376, 21802784", "xception, 234, 20861480"})
  void wholeFileRoundTrips(String name, int tensors, long values) throws IOException {
    Backbone b = Backbone.named(name);
    try (Model model = Model.newInstance("r", "PyTorch")) {
      NDManager m = model.getNDManager();
      Shape in = new Shape(1, 3, 75, 75);
      Block source = b.newBlock();
      source.initialize(m, DataType.FLOAT32, in);
      for (var p : source.getParameters()) {
        NDArray a = p.getValue().getArray();
        if (a.getShape().dimension() == 1) {
          a.set(m.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
        }
      }
      Path file = dir.resolve(name + ".h5");
      new KerasH5().network(source, n -> n).write(file);

      Block target = b.newBlock();
      target.initialize(m, DataType.FLOAT32, in);
      ImportReport r = KerasWeights.of(file).importInto(target);
      assertThat(r.isComplete()).as(r.summary()).isTrue();
      assertThat(r.loadedTensors()).isEqualTo(tensors);
      assertThat(r.loadedValues()).isEqualTo(values);
      NDArray x = m.randomUniform(-1, 1, in);
      ParameterStore ps = new ParameterStore(m, false);
      assertThat(target.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(
              source.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
    }
  }
}
