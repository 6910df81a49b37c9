package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageTest {

  @Test
  void storesHwcAndCopiesInput() {
    byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Image im = Image.rgb(2, 2, data);
    data[0] = 99;
    assertThat(im.get(0, 0, 0)).isEqualTo(1);
    assertThat(im.get(1, 0, 2)).isEqualTo(6);
    assertThat(im.get(0, 1, 1)).isEqualTo(8);
    byte[] out = im.toByteArray();
    out[1] = 77;
    assertThat(im.get(0, 0, 1)).isEqualTo(2);
  }

  @Test
  void valuesAreUnsigned() {
    Image im = Image.grey(1, 1, new byte[] {(byte) 200});
    assertThat(im.get(0, 0, 0)).isEqualTo(200);
  }

  @Test
  void rejectsZeroSizeAndBadShapes() {
    assertThatThrownBy(() -> Image.of(0, 5, 3, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x5");
    assertThatThrownBy(() -> Image.of(5, 0, 1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Image.of(2, 2, 2, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channels");
    assertThatThrownBy(() -> Image.of(2, 2, 3, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes");
    assertThatThrownBy(() -> Image.filled(2, 2, 300)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Image.filled(30_000, 30_000, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Image.generate(2, 2, 1, (x, y, c) -> -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void getChecksBounds() {
    Image im = Image.filled(2, 3, 1, 2, 3);
    assertThatThrownBy(() -> im.get(2, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> im.get(0, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void greyUsesBt601Luma() {
    Image im = Image.rgb(3, 1, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255});
    Image grey = im.toGrey();
    assertThat(grey.channels()).isEqualTo(1);
    assertThat(grey.get(0, 0, 0)).isEqualTo(76); // 0.299 * 255
    assertThat(grey.get(1, 0, 0)).isEqualTo(150); // 0.587 * 255
    assertThat(grey.get(2, 0, 0)).isEqualTo(29); // 0.114 * 255
    assertThat(Image.filled(4, 4, 200, 200, 200).toGrey()).isEqualTo(Image.filled(4, 4, 200));
  }

  @Test
  void channelConversionsRoundTrip() {
    Image rgb = Image.generate(5, 4, 3, (x, y, c) -> (x * 40 + y * 7 + c * 50) % 256);
    Image rgba = rgb.toRgba();
    assertThat(rgba.channels()).isEqualTo(4);
    assertThat(rgba.get(3, 2, 3)).isEqualTo(255);
    assertThat(rgba.get(3, 2, 1)).isEqualTo(rgb.get(3, 2, 1));
    assertThat(rgba.toRgb()).isEqualTo(rgb);
    assertThat(rgb.toRgb()).isSameAs(rgb);
    Image grey = Image.filled(2, 2, 9);
    assertThat(grey.toRgb()).isEqualTo(Image.filled(2, 2, 9, 9, 9));
  }

  @Test
  void equalityIsByContent() {
    assertThat(Image.filled(3, 3, 1, 2, 3)).isEqualTo(Image.filled(3, 3, 1, 2, 3));
    assertThat(Image.filled(3, 3, 1, 2, 3)).isNotEqualTo(Image.filled(3, 3, 1, 2, 4));
    assertThat(Image.filled(3, 3, 1, 2, 3).hashCode())
        .isEqualTo(Image.filled(3, 3, 1, 2, 3).hashCode());
  }
}
