package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

  @Test
  void linearTableRoundsGainTimesValuePlusOffsetAndClips() {
    LookupTable t = LookupTable.linear(1.5, -20);
    for (int v = 0; v < 256; v++) {
      int expected = (int) Math.max(0, Math.min(255, Math.rint(1.5 * v - 20)));
      assertThat(t.map(0, v)).as("v=%d", v).isEqualTo(expected);
    }
    // Contrast about mid-grey, the seed pipeline's case: within half a step of the exact value
    // everywhere (ties to even, as numpy), and exactly the identity for gain 1.
    LookupTable contrast = LookupTable.linear(0.8, 127.5 * (1 - 0.8));
    for (int v = 0; v < 256; v++) {
      assertThat((double) contrast.map(0, v)).isCloseTo(127.5 + 0.8 * (v - 127.5), within(0.5001));
      assertThat(LookupTable.linear(1, 0).map(0, v)).isEqualTo(v);
    }
  }

  @Test
  void linearTablesRenderExactlyAsTheirValuesWhereverTheyStand() {
    Image im = allValues();
    for (LookupTable t :
        List.of(
            LookupTable.linear(1.25, 127.5 * (1 - 1.25)),
            LookupTable.linear(0.3, 100),
            LookupTable.linear(-2, 300),
            LookupTable.linear(2, -127.5),
            LookupTable.linear(1000, -5))) {
      // Last stage: applied while packing.
      Image last = Renderer.render(im, Warp.on(im.width(), im.height()), List.of(t));
      // Middle stage: applied on the row, then another table.
      LookupTable invert = LookupTable.of(v -> 255 - v);
      Image middle = Renderer.render(im, Warp.on(im.width(), im.height()), List.of(t, invert));
      for (int y = 0; y < im.height(); y++) {
        for (int x = 0; x < im.width(); x++) {
          for (int c = 0; c < 3; c++) {
            int mapped = t.map(c, im.get(x, y, c));
            assertThat(last.get(x, y, c)).isEqualTo(mapped);
            assertThat(middle.get(x, y, c)).isEqualTo(255 - mapped);
          }
        }
      }
    }
  }

  @Test
  void tablesOnALineUseArithmeticOnlyWhereItGivesEveryEntry() {
    // imgaug's contrast tables (floor of a single-precision line) are reproduced by arithmetic.
    int linear = 0;
    for (int i = 0; i <= 100; i++) {
      double alpha = 0.5 + i * 0.01;
      int[] values = new int[256];
      for (int v = 0; v < 256; v++) {
        values[v] = (int) Math.max(0f, Math.min(255f, 127 + (float) alpha * (v - 127)));
      }
      LookupTable t = LookupTable.onLine(values, alpha);
      linear += t.isLinear() ? 1 : 0;
      for (int v = 0; v < 256; v++) {
        assertThat(t.map(0, v)).isEqualTo(values[v]);
      }
    }
    assertThat(linear).isGreaterThan(95);
    // Ties rounded to even alternate up and down: no floor of a line gives them, so a lookup.
    assertThat(LookupTable.linear(1.5, -20).isLinear()).isFalse();
    int[] scrambled = new int[256];
    for (int v = 0; v < 256; v++) {
      scrambled[v] = (v * 97) & 255;
    }
    assertThat(LookupTable.onLine(scrambled, 1).isLinear()).isFalse();
  }

  @Test
  void hugeGainsStayExact() {
    LookupTable steep = LookupTable.linear(1000, -5);
    assertThat(steep.map(0, 0)).isZero();
    assertThat(steep.map(0, 1)).isEqualTo(255);
    assertThatThrownBy(() -> LookupTable.linear(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> LookupTable.linear(1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A 16×16 RGB picture holding every 8-bit value in every channel. */
  private static Image allValues() {
    return Image.generate(16, 16, 3, (x, y, c) -> (y * 16 + x + 85 * c) & 255);
  }
}
