package io.imat.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.imat.models.backbone.Backbone;
import io.imat.models.train.NoGrad;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inference with every convolution + batch norm pair folded into one convolution gives the features
 * of the unfolded network within 1e-5 relative, for each backbone, with batch-norm statistics and
 * affine parameters far from their initial values.
 */
class BatchNormFoldingTest {
  @ParameterizedTest
  @CsvSource({"resnet18, 64", "resnet50, 64", "inception_v3, 75", "xception, 71"})
  void foldedInferenceEqualsUnfolded(String name, int side) {
    Backbone backbone = Backbone.named(name);
    try (Model model = Model.newInstance("fold", "PyTorch");
        NoGrad noGrad = NoGrad.enter()) {
      NDManager m = model.getNDManager();
      Shape in = new Shape(1, 3, side, side);
      Block block = backbone.newBlock();
      block.initialize(m, DataType.FLOAT32, in);
      int changed = randomiseBatchNorms(block, new Random(7));
      assertThat(changed).isGreaterThan(10);
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomUniform(-1, 1, in);
      float[] plain = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] folded;
      try (BatchNormFolding.Cache cache = BatchNormFolding.cache(m)) {
        PairList<String, Object> params = BatchNormFolding.params(cache);
        block.forward(store, new NDList(x), false, params); // fills the cache
        folded =
            block.forward(store, new NDList(x), false, params).singletonOrThrow().toFloatArray();
      }

      assertThat(folded).hasSameSizeAs(plain);
      double maxAbs = 0;
      double maxDiff = 0;
      for (int i = 0; i < plain.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(plain[i]));
        maxDiff = Math.max(maxDiff, Math.abs(folded[i] - plain[i]));
      }
      assertThat(maxAbs).isGreaterThan(0);
      assertThat(maxDiff / maxAbs)
          .as("%s: largest difference %s of %s", name, maxDiff, maxAbs)
          .isLessThanOrEqualTo(1e-5);
      // Not the same computation: bit-identical outputs would mean nothing was folded.
      assertThat(maxDiff).isPositive();
    }
  }

  /** Gives every batch norm statistics and affine parameters of its own; returns how many. */
  private static int randomiseBatchNorms(Block block, Random rnd) {
    int n = 0;
    for (var e : block.getParameters()) {
      Parameter p = e.getValue();
      String key = e.getKey();
      NDArray a = p.getArray();
      float[] v = new float[(int) a.size()];
      if (key.endsWith("runningVar")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = 0.2f + 2f * rnd.nextFloat();
        }
      } else if (key.endsWith("runningMean") || key.endsWith("beta")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) rnd.nextGaussian() * 0.3f;
        }
      } else if (key.endsWith("gamma")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = 0.5f + rnd.nextFloat();
        }
      } else {
        continue;
      }
      a.set(v);
      n++;
    }
    return n;
  }
}
