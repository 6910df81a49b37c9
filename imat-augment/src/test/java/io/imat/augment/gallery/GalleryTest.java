package io.imat.augment.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.augment.Augmenters;
import io.imat.augment.TestImages;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class GalleryTest {

  @Test
  void rendersAGridOfTiles() {
    Image picture = TestImages.smooth(40, 20);
    Gallery g = Gallery.builder().augmenter(Augmenters.fliplr(1)).samples(5).gap(2).seed(3).build();
    assertThat(g.tiles()).isEqualTo(6);
    assertThat(g.columns()).isEqualTo(3);
    BufferedImage grid = g.render(picture);
    // 3 columns and 2 rows of 40-pixel cells with 2-pixel gaps.
    assertThat(grid.getWidth()).isEqualTo(3 * 40 + 4 * 2);
    assertThat(grid.getHeight()).isEqualTo(2 * 40 + 3 * 2);
    // First tile is the original, second the mirrored picture (cells are 40x40, the picture is
    // 40x20 and centred vertically).
    Image first = BufferedImages.toImage(grid.getSubimage(2, 12, 40, 20));
    Image second = BufferedImages.toImage(grid.getSubimage(44, 12, 40, 20));
    assertThat(first).isEqualTo(picture);
    assertThat(second).isEqualTo(Augmenters.fliplr(1).augment(picture, 3, 0));
  }

  @Test
  void validatesOptions() {
    assertThatThrownBy(() -> Gallery.builder().samples(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gallery.builder().build()).isInstanceOf(NullPointerException.class);
  }
}
