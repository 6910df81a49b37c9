package io.imat.augment.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.TestImages;
import io.imat.augment.geometry.AffineTransform;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random resizes of random small pictures (1 to 24 px a side, 1, 3 or 4 channels, every
 * interpolation) against slow references in doubles: catches index and edge mistakes that the
 * golden sizes miss. The golden tests check the exact bytes; these the shape of the arithmetic.
 */
class ResizeFuzzTest {

  @Test
  void randomResizesFollowTheirReferences() {
    SplittableRandom r = new SplittableRandom(99);
    for (int trial = 0; trial < 400; trial++) {
      int w = 1 + r.nextInt(24);
      int h = 1 + r.nextInt(24);
      int ow = 1 + r.nextInt(24);
      int oh = 1 + r.nextInt(24);
      int c = new int[] {1, 3, 4}[r.nextInt(3)];
      double fx = 0.05 + 0.2 * r.nextDouble();
      double fy = 0.05 + 0.2 * r.nextDouble();
      // Smooth content: the references' unrounded weights stay within a level of OpenCV's.
      Image im =
          Image.generate(
              w, h, c, (x, y, ch) -> (int) (127.5 + 100 * Math.sin(fx * x + fy * y + ch)));
      Interpolation mode = Interpolation.values()[r.nextInt(Interpolation.values().length)];
      Image out =
          Renderer.render(
              im,
              Warp.on(w, h)
                  .then(AffineTransform.scaling((double) ow / w, (double) oh / h), ow, oh, mode),
              List.of());
      assertThat(out.width()).isEqualTo(ow);
      assertThat(out.height()).isEqualTo(oh);
      Image ref = reference(im, ow, oh, mode);
      int tolerance = mode == Interpolation.NEAREST ? 0 : mode == Interpolation.CUBIC ? 3 : 1;
      assertThat(TestImages.maxAbsDiff(out, ref))
          .as("trial %d: %dx%dx%d -> %dx%d %s", trial, w, h, c, ow, oh, mode)
          .isLessThanOrEqualTo(tolerance);
    }
  }

  private static Image reference(Image im, int ow, int oh, Interpolation mode) {
    int w = im.width();
    int h = im.height();
    // OpenCV's scale is the reciprocal of the target-to-source ratio (it matters where x·scale is
    // a whole number).
    double sx = 1 / ((double) ow / w);
    double sy = 1 / ((double) oh / h);
    return Image.generate(
        ow,
        oh,
        im.channels(),
        (x, y, c) -> {
          switch (mode) {
            case NEAREST:
              return im.get(
                  Math.min((int) Math.floor(x * sx), w - 1),
                  Math.min((int) Math.floor(y * sy), h - 1),
                  c);
            case AREA:
              if (sx >= 1 && sy >= 1) {
                return (int) Math.rint(boxMean(im, x * sx, (x + 1) * sx, y * sy, (y + 1) * sy, c));
              }
              // Enlarging: overlap-weighted, which is bilinear between the two source pixels a
              // target pixel straddles (an axis that shrinks is handled the same way by OpenCV).
              return (int) Math.rint(separable(im, overlap(x, sx, w), overlap(y, sy, h), c));
            case CUBIC:
              return clamp(
                  separable(im, cubic((x + 0.5) * sx - 0.5, w), cubic((y + 0.5) * sy - 0.5, h), c));
            default:
              return (int)
                  Math.rint(
                      separable(
                          im,
                          linear((x + 0.5) * sx - 0.5, w, true),
                          linear((y + 0.5) * sy - 0.5, h, false),
                          c));
          }
        });
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.rint(v)));
  }

  /** Taps along one axis: pairs of (index, weight), indices clamped into [0, n). */
  private static double[] linear(double s, int n, boolean clampWeights) {
    int i = (int) Math.floor(s);
    double f = s - i;
    if (clampWeights && i < 0) {
      i = 0;
      f = 0;
    }
    if (clampWeights && i >= n - 1) {
      i = n - 1;
      f = 0;
    }
    return new double[] {clampIndex(i, n), 1 - f, clampIndex(i + 1, n), f};
  }

  private static double[] overlap(int d, double scale, int n) {
    int i = (int) Math.floor(d * scale);
    double f = (d + 1) - (i + 1) / scale;
    f = f <= 0 ? 0 : f - Math.floor(f);
    if (i >= n - 1) {
      i = n - 1;
      f = 0;
    }
    return new double[] {clampIndex(i, n), 1 - f, clampIndex(i + 1, n), f};
  }

  private static double[] cubic(double s, int n) {
    int i = (int) Math.floor(s);
    double x = s - i;
    double a = -0.75;
    double[] k = new double[4];
    k[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
    k[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
    k[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
    k[3] = 1 - k[0] - k[1] - k[2];
    double[] taps = new double[8];
    for (int j = 0; j < 4; j++) {
      taps[2 * j] = clampIndex(i - 1 + j, n);
      taps[2 * j + 1] = k[j];
    }
    return taps;
  }

  private static int clampIndex(int i, int n) {
    return Math.min(Math.max(i, 0), n - 1);
  }

  private static double separable(Image im, double[] xs, double[] ys, int c) {
    double v = 0;
    for (int j = 0; j < ys.length; j += 2) {
      for (int i = 0; i < xs.length; i += 2) {
        v += ys[j + 1] * xs[i + 1] * im.get((int) xs[i], (int) ys[j], c);
      }
    }
    return v;
  }

  private static double boxMean(Image im, double x0, double x1, double y0, double y1, int c) {
    double sum = 0;
    double area = 0;
    for (int y = (int) Math.floor(y0); y < Math.min(Math.ceil(y1), im.height()); y++) {
      double wy = Math.min(y + 1, y1) - Math.max(y, y0);
      for (int x = (int) Math.floor(x0); x < Math.min(Math.ceil(x1), im.width()); x++) {
        double wx = Math.min(x + 1, x1) - Math.max(x, x0);
        sum += wx * wy * im.get(x, y, c);
        area += wx * wy;
      }
    }
    return sum / area;
  }
}
