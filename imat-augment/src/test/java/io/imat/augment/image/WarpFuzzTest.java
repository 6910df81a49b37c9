package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.TestImages;
import io.imat.augment.geometry.AffineTransform;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random transforms on random small images, against a slow reference: catches span mistakes. */
class WarpFuzzTest {

  @Test
  void randomAffinesMatchReference() {
    SplittableRandom r = new SplittableRandom(2024);
    for (int trial = 0; trial < 300; trial++) {
      int w = 1 + r.nextInt(24);
      int h = 1 + r.nextInt(24);
      int c = new int[] {1, 3, 4}[r.nextInt(3)];
      int ow = 1 + r.nextInt(24);
      int oh = 1 + r.nextInt(24);
      // Smooth content keeps the 1/32-pixel position rounding below one level.
      Image im = TestImages.smoothRandom(r, w, h, c);
      double scale = Math.exp((r.nextDouble() - 0.5) * 5); // about 0.08 .. 12
      AffineTransform t =
          AffineTransform.translation(-w / 2.0, -h / 2.0)
              .then(
                  AffineTransform.scaleRotateShear(
                      scale,
                      scale * (0.7 + 0.6 * r.nextDouble()),
                      r.nextDouble() * 2 * Math.PI,
                      (r.nextDouble() - 0.5) * 1.2))
              .then(
                  AffineTransform.translation(
                      ow / 2.0 + (r.nextDouble() - 0.5) * ow,
                      oh / 2.0 + (r.nextDouble() - 0.5) * oh));
      boolean edge = r.nextBoolean();
      int cval = r.nextInt(256);
      FillMode fill = edge ? FillMode.edge() : FillMode.constant(cval);
      Image fast =
          Renderer.render(
              im, Warp.on(w, h).then(t, ow, oh, Interpolation.BILINEAR, fill), List.of());
      Image ref = ReferenceWarp.bilinear(im, t, ow, oh, edge ? -1 : cval);
      int tolerance = edge ? 1 : 4; // a constant fill is a sharp step: see WarpTest
      assertThat(TestImages.maxAbsDiff(fast, ref))
          .as("trial %d: %dx%dx%d -> %dx%d, %s, %s", trial, w, h, c, ow, oh, fill, t)
          .isLessThanOrEqualTo(tolerance);
    }
  }

  @Test
  void chainsOfRandomStepsNeverFail() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int w = 1 + r.nextInt(20);
      int h = 1 + r.nextInt(20);
      Image im = Image.generate(w, h, 3, (x, y, ch) -> (x * 31 + y * 17 + ch * 50) & 255);
      Warp warp = Warp.on(w, h);
      int steps = 1 + r.nextInt(4);
      for (int s = 0; s < steps; s++) {
        int nw = 1 + r.nextInt(20);
        int nh = 1 + r.nextInt(20);
        AffineTransform t =
            AffineTransform.scaleRotateShear(
                    0.2 + 3 * r.nextDouble(), 0.2 + 3 * r.nextDouble(), r.nextDouble() * 7, 0)
                .then(AffineTransform.translation(r.nextDouble() * nw, r.nextDouble() * nh));
        switch (r.nextInt(3)) {
          case 0:
            warp = warp.then(t, nw, nh, Interpolation.BILINEAR);
            break;
          case 1:
            warp =
                warp.then(
                    t,
                    nw,
                    nh,
                    r.nextBoolean() ? Interpolation.NEAREST : Interpolation.BILINEAR,
                    r.nextBoolean() ? FillMode.edge() : FillMode.constant(r.nextInt(256)));
            break;
          default:
            warp =
                warp.then(
                    AffineTransform.of(-1, 0, nw, 0, 1, 0)
                        .then(AffineTransform.translation(-r.nextInt(3), r.nextInt(3))),
                    nw,
                    nh);
        }
      }
      Image out = Renderer.render(im, warp, List.of());
      assertThat(out.width()).isEqualTo(warp.width());
      assertThat(out.height()).isEqualTo(warp.height());
    }
  }
}
