package io.imat.models.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class BackboneTest {
  static long parameterCount(Block block) {
    long n = 0;
    for (var p : block.getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  @Test
  void resnet50MatchesKerasParameterCount() {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      Block b = Backbone.RESNET50.newBlock();
      b.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
      // keras.applications.ResNet50(include_top=False): every tensor incl. BN moving statistics.
      assertThat(parameterCount(b)).isEqualTo(23_587_712L);
    }
  }

  @Test
  void resnet18OutputsPooledFeatures() {
    try (Model model = Model.newInstance("t", "PyTorch")) {
      Block b = Backbone.RESNET18.newBlock();
      b.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 64, 64));
      NDArray x = model.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
      NDList out = b.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false);
      assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(2, 512));
      assertThat(b.getOutputShapes(new Shape[] {new Shape(2, 3, 64, 64)})[0])
          .isEqualTo(new Shape(2, 512));
    }
  }
}
