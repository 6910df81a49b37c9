package io.imat.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.imat.augment.Augmenters;
import org.junit.jupiter.api.Test;

class AugmenterTransformTest {
  @Test
  void mirrorsAnHwcArrayLikeTheAugmenter() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      byte[] px = new byte[2 * 3 * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) i;
      }
      NDArray img = m.create(java.nio.ByteBuffer.wrap(px), new Shape(2, 3, 3), DataType.UINT8);
      NDArray out = new AugmenterTransform(Augmenters.fliplr(1.0), 1).transform(img);
      assertThat(out.getShape()).isEqualTo(new Shape(2, 3, 3));
      byte[] o = out.toByteArray();
      // Row 0: pixels (0,1,2) (3,4,5) (6,7,8) become (6,7,8) (3,4,5) (0,1,2).
      assertThat(java.util.Arrays.copyOfRange(o, 0, 9)).containsExactly(6, 7, 8, 3, 4, 5, 0, 1, 2);
    }
  }
}
