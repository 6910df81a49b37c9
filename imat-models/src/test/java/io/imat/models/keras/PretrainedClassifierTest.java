package io.imat.models.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Classifier.builder().pretrained(KerasWeights.of(file))} starts training from the file. */
class PretrainedClassifierTest {
  @TempDir Path dir;

  @Test
  void warmupOnlyTrainingKeepsTheImportedBackboneWeights() throws Exception {
    Path file = dir.resolve("tiny.h5");
    Map<String, float[]> want = new java.util.HashMap<>();
    try (Model model = Model.newInstance("src", "PyTorch")) {
      Block source = Fixtures.TINY.newBlock();
      source.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
      for (var p : source.getParameters()) {
        // Distinct from any initialisation: every value 0.5 + its position / 1e6.
        float[] v = p.getValue().getArray().toFloatArray();
        for (int i = 0; i < v.length; i++) {
          v[i] = 0.5f + i / 1e6f;
        }
        p.getValue().getArray().set(v);
      }
      new KerasH5().network(source, n -> n).write(file);
      KerasLayers.index(source)
          .forEach(
              (name, b) ->
                  b.getDirectParameters()
                      .forEach(
                          p ->
                              want.put(
                                  name + "/" + p.getKey(),
                                  p.getValue().getArray().toFloatArray())));
    }
    SyntheticDataset synth = Fixtures.synth(dir.resolve("data"), 40);
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .pretrained(KerasWeights.of(file))
            .epochs(1)
            .warmupEpochs(1)
            .build()
            .train(Fixtures.train(synth, dir.resolve("data")), null)) {
      Map<String, Block> layers = KerasLayers.index(m.network().backbone());
      assertThat(layers).isNotEmpty();
      layers.forEach(
          (name, b) ->
              b.getDirectParameters()
                  .forEach(
                      p ->
                          assertThat(p.getValue().getArray().toFloatArray())
                              .as(name + "/" + p.getKey())
                              .containsExactly(want.get(name + "/" + p.getKey()))));
    }
  }
}
