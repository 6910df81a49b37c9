package io.imat.augment.geometric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.augment.Sample;
import io.imat.augment.TestImages;
import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.geometry.BoundingBox;
import io.imat.augment.geometry.Keypoint;
import io.imat.augment.image.Image;
import io.imat.augment.param.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeometricTest {
  private final Image image = TestImages.random(13, 9, 3, 11);

  @Test
  void flipTwiceIsIdentity() {
    Augmenter twice = Augmenters.sequential(Augmenters.fliplr(1), Augmenters.fliplr(1));
    assertThat(twice.augment(image, 1)).isEqualTo(image);
    Augmenter both =
        Augmenters.sequential(
            Augmenters.flipud(1), Augmenters.fliplr(1), Augmenters.flipud(1), Augmenters.fliplr(1));
    assertThat(both.augment(image, 2)).isEqualTo(image);
  }

  @Test
  void flipsMovePixelsExactly() {
    Image lr = Augmenters.fliplr(1).augment(image, 3);
    Image ud = Augmenters.flipud(1).augment(image, 3);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 13; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(lr.get(x, y, c)).isEqualTo(image.get(12 - x, y, c));
          assertThat(ud.get(x, y, c)).isEqualTo(image.get(x, 8 - y, c));
        }
      }
    }
    assertThat(Augmenters.fliplr(0).augment(image, 3)).isSameAs(image);
  }

  @Test
  void flipProbabilityIsRespected() {
    Augmenter half = Augmenters.fliplr(0.5);
    int flipped = 0;
    for (int i = 0; i < 400; i++) {
      if (!half.augment(image, 5, i).equals(image)) {
        flipped++;
      }
    }
    assertThat(flipped).isBetween(150, 250);
  }

  @Test
  void identityAffinesChangeNothing() {
    Affine rotate0 = Affine.builder().rotate(Param.constant(0)).build();
    Affine scale1 = Affine.builder().scale(Param.constant(1)).build();
    assertThat(rotate0.augment(image, 1)).isSameAs(image);
    assertThat(scale1.augment(image, 1)).isSameAs(image);
    // 360 degrees is a real resampling that lands on pixel centres again.
    Affine full = Affine.builder().rotate(Param.constant(360)).build();
    assertThat(full.augment(image, 1)).isEqualTo(image);
  }

  @Test
  void rotateNinetyMovesPixelsClockwise() {
    Image square = TestImages.random(10, 10, 3, 4);
    Image out = Affine.builder().rotate(Param.constant(90)).build().augment(square, 1);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        assertThat(out.get(9 - y, x, 1)).isEqualTo(square.get(x, y, 1));
      }
    }
  }

  @Test
  void affineMatrixMatchesImgaugPointMapping() {
    // imgaug: centre (w/2 - 0.5, h/2 - 0.5) in pixel indices, i.e. (w/2, h/2) continuous;
    // skimage AffineTransform(scale=2) about it takes pixel centre (0.5, 0.5) of a 10x10 image,
    // 4.5 left of and above the centre, to 9 left of and above it: (-4, -4); translate_px adds.
    AffineTransform m = Affine.matrix(10, 10, 2, 2, 3, -1, 0, 0, 0);
    assertThat(m.mapX(0.5, 0.5)).isCloseTo(-4 + 3, within(1e-12));
    assertThat(m.mapY(0.5, 0.5)).isCloseTo(-4 - 1, within(1e-12));
    // shear x (skimage): x' = x - sin(s) * y, y' = cos(s) * y, relative to the centre.
    double s = Math.toRadians(20);
    AffineTransform sh = Affine.matrix(10, 10, 1, 1, 0, 0, 0, s, 0);
    assertThat(sh.mapX(5, 7)).isCloseTo(5 - Math.sin(s) * 2, within(1e-12));
    assertThat(sh.mapY(5, 7)).isCloseTo(5 + Math.cos(s) * 2, within(1e-12));
  }

  @Test
  void keypointsFollowTheImage() {
    // One bright pixel on black; wherever the affine takes it, the keypoint must go too.
    Image dot = Image.generate(41, 31, 1, (x, y, c) -> x == 12 && y == 20 ? 255 : 0);
    Augmenter aug =
        Augmenters.sequential(
            Augmenters.cropPercent(0, 0.1),
            Augmenters.fliplr(0.5),
            Affine.builder().scale(0.9, 1.1).rotate(-30, 30).shear(-8, 8).build());
    for (int seed = 0; seed < 20; seed++) {
      Sample out = aug.augment(Sample.of(dot, List.of(Keypoint.of(12.5, 20.5)), List.of()), seed);
      Keypoint k = out.keypoints().get(0);
      int bx = 0;
      int by = 0;
      int best = -1;
      for (int y = 0; y < 31; y++) {
        for (int x = 0; x < 41; x++) {
          if (out.image().get(x, y, 0) > best) {
            best = out.image().get(x, y, 0);
            bx = x;
            by = y;
          }
        }
      }
      assertThat(best).isPositive();
      assertThat(Math.hypot(bx + 0.5 - k.x(), by + 0.5 - k.y()))
          .as("seed %d", seed)
          .isLessThan(1.5);
    }
  }

  @Test
  void boxesFollowFlips() {
    Sample s = Sample.of(image, List.of(), List.of(BoundingBox.of(1, 2, 4, 6)));
    Sample out = Augmenters.fliplr(1).augment(s, 1);
    assertThat(out.boxes()).containsExactly(BoundingBox.of(9, 2, 12, 6));
  }

  @Test
  void cropPxWithoutResizeIsASubImage() {
    Crop crop =
        Crop.builder()
            .px(Param.constant(1), Param.constant(2), Param.constant(3), Param.constant(4))
            .keepSize(false)
            .build();
    Sample out = crop.augment(Sample.of(image, List.of(Keypoint.of(5, 5)), List.of()), 1);
    Image im = out.image();
    assertThat(im.width()).isEqualTo(13 - 2 - 4);
    assertThat(im.height()).isEqualTo(9 - 1 - 3);
    assertThat(im.get(0, 0, 0)).isEqualTo(image.get(4, 1, 0));
    assertThat(im.get(6, 4, 2)).isEqualTo(image.get(10, 5, 2));
    assertThat(out.keypoints()).containsExactly(Keypoint.of(1, 4));
  }

  @Test
  void cropPercentStaysWithinBounds() {
    Image big = TestImages.random(100, 50, 3, 1);
    Crop crop = Crop.builder().percent(0, 0.1).keepSize(false).build();
    Crop keep = Crop.builder().percent(0, 0.1).build();
    boolean sawCrop = false;
    for (int i = 0; i < 50; i++) {
      Image out = crop.augment(big, 7, i);
      assertThat(out.width()).isBetween(80, 100);
      assertThat(out.height()).isBetween(40, 50);
      sawCrop |= out.width() < 95;
      Image kept = keep.augment(big, 7, i);
      assertThat(kept.width()).isEqualTo(100);
      assertThat(kept.height()).isEqualTo(50);
    }
    assertThat(sawCrop).isTrue();
  }

  @Test
  void cropNeverEmptiesTheImage() {
    Crop crop = Crop.builder().px(Param.constant(20)).keepSize(false).build();
    Image out = crop.augment(TestImages.random(10, 7, 1, 1), 1);
    assertThat(out.width()).isEqualTo(1);
    assertThat(out.height()).isEqualTo(1);
  }

  @Test
  void cropPercentRoundsLikeNumpy() {
    // np.round: 40 · 0.0625 = 2.5 rounds to 2 (even), 40 · 0.0875 = 3.5 to 4; never truncated.
    Image im = TestImages.random(48, 40, 3, 4);
    assertThat(cropTop(Param.constant(0.0625)).augment(im, 1).height()).isEqualTo(38);
    assertThat(cropTop(Param.constant(0.0875)).augment(im, 1).height()).isEqualTo(36);
    assertThat(cropTop(Param.uniform(0.0875, 0.0875)).augment(im, 1).height()).isEqualTo(36);
    // The example: 7 % of 224 px is 15.68, so 16 px go (imgaug keeps 192 of 224).
    Crop seven = Crop.builder().percent(Param.constant(0.07)).keepSize(false).build();
    assertThat(seven.augment(TestImages.random(224, 224, 1, 1), 1).width()).isEqualTo(192);
  }

  private static Crop cropTop(Param top) {
    Param zero = Param.constant(0);
    return Crop.builder().percent(top, zero, zero, zero).keepSize(false).build();
  }

  @Test
  void cropGivesBackRowsAsImgaugDoes() {
    // 5 + 5 rows off a 6-row image: imgaug regains 5 rows, 3 at the top and 2 at the bottom,
    // leaving row 2.
    Image rows = Image.generate(3, 6, 1, (x, y, c) -> 10 * y);
    Crop crop =
        Crop.builder()
            .px(Param.constant(5), Param.constant(0), Param.constant(5), Param.constant(0))
            .keepSize(false)
            .build();
    Image out = crop.augment(rows, 1);
    assertThat(out.height()).isEqualTo(1);
    assertThat(out.get(0, 0, 0)).isEqualTo(20);
  }

  @Test
  void keepSizeCropReadsOnlyItsWindow() {
    // Dark 20x14 window inside a bright frame: resized back alone or rotated after, the bright
    // pixels the crop removed never show.
    Image im =
        Image.generate(30, 20, 3, (x, y, c) -> x >= 4 && x < 24 && y >= 2 && y < 16 ? 0 : 255);
    Crop crop =
        Crop.builder()
            .px(Param.constant(2), Param.constant(6), Param.constant(4), Param.constant(4))
            .build();
    assertThat(crop.augment(im, 1)).isEqualTo(Image.filled(30, 20, 0, 0, 0));
    Augmenter chain =
        Augmenters.sequential(crop, Affine.builder().rotate(Param.constant(17)).build());
    assertThat(TestImages.mean(chain.augment(im, 1))).isZero();
    assertThat(TestImages.mean(Augmenters.stepwise(chain).augment(im, 1))).isZero();
  }

  @Test
  void padAfterCropFillsWhatTheCropRemoved() {
    // Crop 5 px off every side of a bright picture, then pad back to the full size: the border
    // is the pad's black, not the source pixels the crop removed.
    Image bright = Image.filled(20, 20, 200, 210, 220);
    Augmenter cropThenPad =
        Augmenters.sequential(
            Crop.builder().px(Param.constant(5)).keepSize(false).build(),
            Augmenters.centerCrop(20, 20));
    Image out = cropThenPad.augment(bright, 1);
    assertThat(out.get(0, 0, 0)).isZero();
    assertThat(out.get(4, 10, 1)).isZero();
    assertThat(out.get(5, 5, 2)).isEqualTo(220);
    assertThat(out.get(14, 14, 0)).isEqualTo(200);
    assertThat(out.get(15, 14, 0)).isZero();
  }

  @Test
  void shearReadsItsArgumentAsImgaugDoes() {
    // imgaug 0.4.0: a number shears along x only; a tuple draws one angle for x and y.
    Image im = TestImages.smooth(40, 30);
    Image number = Affine.builder().shear(Param.constant(10)).build().augment(im, 1);
    Image tuple = Affine.builder().shear(Param.uniform(10, 10)).build().augment(im, 1);
    Image xOnly =
        Affine.builder().shear(Param.constant(10), Param.constant(0)).build().augment(im, 1);
    Image both =
        Affine.builder().shear(Param.constant(10), Param.constant(10)).build().augment(im, 1);
    assertThat(number).isEqualTo(xOnly);
    assertThat(tuple).isEqualTo(both);
    assertThat(tuple).isNotEqualTo(number);
  }

  @Test
  void resizeAndCenterCrop() {
    assertThat(Augmenters.resize(26, 18).augment(image, 1).width()).isEqualTo(26);
    Image flat = Image.filled(7, 5, 40, 50, 60);
    assertThat(Augmenters.resize(20, 3).augment(flat, 1))
        .isEqualTo(Image.filled(20, 3, 40, 50, 60));
    Image center = Augmenters.centerCrop(5, 3).augment(image, 1);
    assertThat(center.get(0, 0, 1)).isEqualTo(image.get(4, 3, 1));
    Image padded = Augmenters.centerCrop(15, 9).augment(image, 1);
    assertThat(padded.width()).isEqualTo(15);
    assertThat(padded.get(0, 4, 0)).isZero();
    assertThat(padded.get(1, 4, 0)).isEqualTo(image.get(0, 4, 0));
  }

  @Test
  void badParametersFailAtBuildTime() {
    assertThatThrownBy(() -> Augmenters.fliplr(1.2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Augmenters.fliplr(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Affine.builder().scale(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Affine.builder().shear(-90, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Affine.builder().fillConstant(300))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crop.builder().percent(-0.1, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crop.builder().percent(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crop.builder().px(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crop.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Augmenters.resize(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Augmenters.centerCrop(5, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
