package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.augment.TestImages;
import io.imat.augment.geometry.AffineTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarpTest {

  private static Image render(Image im, Warp warp) {
    return Renderer.render(im, warp, List.of());
  }

  /** Largest difference over pixels that sample at least two pixels inside the source. */
  private static int maxInteriorDiff(Image a, Image b, AffineTransform forward) {
    AffineTransform inv = forward.inverse();
    int max = 0;
    for (int y = 0; y < a.height(); y++) {
      for (int x = 0; x < a.width(); x++) {
        double sx = inv.mapX(x + 0.5, y + 0.5);
        double sy = inv.mapY(x + 0.5, y + 0.5);
        if (sx < 2 || sy < 2 || sx > a.width() - 2 || sy > a.height() - 2) {
          continue;
        }
        for (int c = 0; c < a.channels(); c++) {
          max = Math.max(max, Math.abs(a.get(x, y, c) - b.get(x, y, c)));
        }
      }
    }
    return max;
  }

  private static double meanAbsDiff(Image a, Image b) {
    byte[] x = a.toByteArray();
    byte[] y = b.toByteArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    }
    return s / x.length;
  }

  @Test
  void singleAffineMatchesReferenceBilinear() {
    for (int channels : new int[] {1, 3, 4}) {
      Image im = TestImages.smooth(61, 47);
      im = channels == 1 ? im.toGrey() : channels == 4 ? im.toRgba() : im;
      AffineTransform t =
          AffineTransform.translation(-30.5, -23.5)
              .then(AffineTransform.scaleRotateShear(1.07, 0.93, Math.toRadians(13), 0.1))
              .then(AffineTransform.translation(31, 24));
      Image fast =
          render(im, Warp.on(61, 47).then(t, 61, 47, Interpolation.BILINEAR, FillMode.constant(7)));
      Image ref = ReferenceWarp.bilinear(im, t, 61, 47, 7);
      // Positions are rounded to the nearest 1/32 pixel on each axis (OpenCV's INTER_BITS).
      // Across the fill's sharp step (7 next to ~190) that is worth up to ~4 levels; away from
      // the border the picture is smooth and the result within one level.
      assertThat(TestImages.maxAbsDiff(fast, ref))
          .as("%d channels", channels)
          .isLessThanOrEqualTo(4);
      assertThat(maxInteriorDiff(fast, ref, t)).as("%d channels", channels).isLessThanOrEqualTo(1);
      assertThat(meanAbsDiff(fast, ref)).as("%d channels", channels).isLessThan(0.2);
    }
  }

  @Test
  void edgeFillMatchesReferenceWithClampedTaps() {
    Image im = TestImages.smooth(50, 40);
    AffineTransform t =
        AffineTransform.translation(-25, -20)
            .then(AffineTransform.scaleRotateShear(0.8, 0.8, Math.toRadians(-20), 0))
            .then(AffineTransform.translation(27, 21));
    Image fast =
        render(im, Warp.on(50, 40).then(t, 50, 40, Interpolation.BILINEAR, FillMode.edge()));
    Image ref = ReferenceWarp.bilinear(im, t, 50, 40, -1);
    assertThat(TestImages.maxAbsDiff(fast, ref)).isLessThanOrEqualTo(1);
  }

  @Test
  void integerMapsAreExactCopies() {
    Image im = TestImages.random(10, 6, 3, 1);
    Image shifted = render(im, Warp.on(10, 6).then(AffineTransform.translation(-2, -1), 5, 4));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        assertThat(shifted.get(x, y, 1)).isEqualTo(im.get(x + 2, y + 1, 1));
      }
    }
  }

  @Test
  void rotationByNinetyDegreesMovesPixelsExactly() {
    Image im = TestImages.random(8, 8, 3, 2);
    AffineTransform rot =
        AffineTransform.translation(-4, -4)
            .then(AffineTransform.rotation(Math.PI / 2))
            .then(AffineTransform.translation(4, 4));
    Image out =
        render(im, Warp.on(8, 8).then(rot, 8, 8, Interpolation.BILINEAR, FillMode.constant(0)));
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        // Clockwise on screen: the top-left pixel goes to the top-right corner.
        assertThat(out.get(7 - y, x, 0)).isEqualTo(im.get(x, y, 0));
        assertThat(out.get(7 - y, x, 2)).isEqualTo(im.get(x, y, 2));
      }
    }
  }

  @Test
  void fusedChainFillsWhatAnEarlierCropRemoved() {
    // Crop the central 20x20 of a bright 40x40 image, keep it 20x20, then rotate 45 degrees:
    // sequentially the corners become fill, and the fused render must not reveal the cropped-away
    // (still bright) source pixels there.
    Image im = Image.filled(40, 40, 200, 200, 200);
    AffineTransform crop = AffineTransform.translation(-10, -10);
    AffineTransform rot =
        AffineTransform.translation(-10, -10)
            .then(AffineTransform.rotation(Math.PI / 4))
            .then(AffineTransform.translation(10, 10));
    Warp warp =
        Warp.on(40, 40)
            .then(crop, 20, 20)
            .then(rot, 20, 20, Interpolation.BILINEAR, FillMode.constant(0));
    Image fused = render(im, warp);
    Image sequential =
        render(
            render(im, Warp.on(40, 40).then(crop, 20, 20)),
            Warp.on(20, 20).then(rot, 20, 20, Interpolation.BILINEAR, FillMode.constant(0)));
    assertThat(fused.get(0, 0, 0)).isZero();
    assertThat(fused.get(19, 19, 1)).isZero();
    assertThat(fused.get(10, 10, 0)).isEqualTo(200);
    // Same picture except along the rotated edge, where a single resampling is sharper.
    int differing = 0;
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 20; x++) {
        if (Math.abs(fused.get(x, y, 0) - sequential.get(x, y, 0)) > 2) {
          differing++;
        }
      }
    }
    assertThat(differing).isLessThan(40);
  }

  @Test
  void fusedChainBlendsTheFillAtIntermediateEdgesAsOpenCvWould() {
    // A bright smooth picture, cropped, resized back and rotated: step by step, OpenCV's bilinear
    // rotation blends the black fill into the rotated frame's edge over about one pixel. The
    // fused render (one resampling) must blend there too, not cut hard: a hard cut would be
    // ~100 levels off along the whole edge.
    Image im =
        Image.generate(40, 40, 3, (x, y, c) -> 200 + (int) (40 * Math.sin(0.1 * x + 0.07 * y + c)));
    AffineTransform crop = AffineTransform.translation(-3, -5);
    AffineTransform grow = AffineTransform.scaling(40 / 34.0, 40 / 33.0);
    AffineTransform rot =
        AffineTransform.translation(-20, -20)
            .then(AffineTransform.rotation(Math.toRadians(17)))
            .then(AffineTransform.translation(20, 20));
    Warp warp =
        Warp.on(40, 40)
            .then(crop, 34, 33)
            .then(grow, 40, 40, Interpolation.BILINEAR)
            .then(rot, 40, 40, Interpolation.BILINEAR, FillMode.constant(0));
    assertThat(warp.resamplingSteps()).isEqualTo(2);
    Image fused = render(im, warp);
    Image resized =
        render(im, Warp.on(40, 40).then(crop, 34, 33).then(grow, 40, 40, Interpolation.BILINEAR));
    Image stepwise =
        render(
            resized,
            Warp.on(40, 40).then(rot, 40, 40, Interpolation.BILINEAR, FillMode.constant(0)));
    assertThat(TestImages.maxAbsDiff(fused, stepwise)).isLessThanOrEqualTo(8);
    assertThat(meanAbsDiff(fused, stepwise)).isLessThan(0.5);
  }

  @Test
  void edgeFillRepeatsBorderPixels() {
    Image im = Image.generate(4, 4, 1, (x, y, c) -> x * 60);
    Image out =
        render(
            im,
            Warp.on(4, 4)
                .then(
                    AffineTransform.translation(3, 0),
                    4,
                    4,
                    Interpolation.NEAREST,
                    FillMode.edge()));
    assertThat(out.get(0, 0, 0)).isZero();
    assertThat(out.get(2, 0, 0)).isZero();
    assertThat(out.get(3, 2, 0)).isZero();
    Image constant =
        render(
            im,
            Warp.on(4, 4)
                .then(
                    AffineTransform.translation(3, 0),
                    4,
                    4,
                    Interpolation.NEAREST,
                    FillMode.constant(99)));
    assertThat(constant.get(1, 1, 0)).isEqualTo(99);
    assertThat(constant.get(3, 1, 0)).isZero();
  }

  @Test
  void identityWarpReturnsTheSameImage() {
    Image im = TestImages.random(5, 5, 3, 3);
    Warp flipTwice =
        Warp.on(5, 5)
            .then(AffineTransform.of(-1, 0, 5, 0, 1, 0), 5, 5)
            .then(AffineTransform.of(-1, 0, 5, 0, 1, 0), 5, 5);
    assertThat(render(im, flipTwice)).isSameAs(im);
  }

  @Test
  void rejectsDegenerateSteps() {
    assertThatThrownBy(() -> Warp.on(4, 4).then(AffineTransform.scaling(0, 1), 4, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Warp.on(4, 4).then(AffineTransform.identity(), 0, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
