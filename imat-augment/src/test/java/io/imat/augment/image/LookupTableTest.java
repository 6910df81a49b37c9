package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.augment.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupTableTest {

  @Test
  void composesInOrderAndClips() {
    LookupTable plus100 = LookupTable.of(v -> v + 100);
    LookupTable half = LookupTable.of(v -> v / 2);
    assertThat(plus100.andThen(half).map(0, 200)).isEqualTo(128); // clip(300)=255, /2 = 127.5
    assertThat(half.andThen(plus100).map(0, 200)).isEqualTo(200);
  }

  @Test
  void renderAppliesTablePerChannel() {
    Image im = TestImages.random(9, 4, 3, 5);
    int[] inv = new int[256];
    int[] id = new int[256];
    for (int v = 0; v < 256; v++) {
      inv[v] = 255 - v;
      id[v] = v;
    }
    Image out = Renderer.render(im, Warp.on(9, 4), List.of(LookupTable.perChannel(inv, id, id)));
    assertThat(out.get(3, 2, 0)).isEqualTo(255 - im.get(3, 2, 0));
    assertThat(out.get(3, 2, 1)).isEqualTo(im.get(3, 2, 1));
    assertThatThrownBy(
            () -> Renderer.render(im, Warp.on(9, 4), List.of(LookupTable.perChannel(inv, id))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
