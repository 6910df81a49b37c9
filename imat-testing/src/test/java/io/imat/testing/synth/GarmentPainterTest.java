package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.taxonomy.Apparel;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GarmentPainterTest {

  /**
   * Mean RGB of the clearly coloured pixels: the background is a near-neutral grey (channels within
   * a dozen levels of each other), the garment is not.
   */
  static double[] meanSaturatedColour(BufferedImage img) {
    double[] sum = new double[3];
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
          sum[0] += r;
          sum[1] += g;
          sum[2] += b;
          n++;
        }
      }
    }
    assertThat(n).as("coloured pixels").isGreaterThan(100);
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }

  /** Pixels that differ clearly from the light background: the garment's area. */
  private static int garmentPixels(BufferedImage img) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int luma = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
        if (luma < 150) {
          n++;
        }
      }
    }
    return n;
  }

  private static BufferedImage paint(Garment g, long seed) {
    return GarmentPainter.paint(g, new SplittableRandom(seed), 128, 128);
  }

  @Test
  void redGarmentsAreReddishAndBlueOnesBluish() {
    for (Apparel a :
        new Apparel[] {Apparel.SHOE, Apparel.DRESS, Apparel.PANTS, Apparel.OUTERWEAR}) {
      String length = a.equals(Apparel.SHOE) ? "" : a.equals(Apparel.DRESS) ? "midi" : "long";
      double[] red =
          meanSaturatedColour(paint(new Garment(a, "red", "solid", length, "women", "adult"), 1));
      double[] blue =
          meanSaturatedColour(paint(new Garment(a, "blue", "solid", length, "women", "adult"), 1));
      assertThat(red[0] - red[2]).as("%s red", a).isGreaterThan(80);
      assertThat(blue[2] - blue[0]).as("%s blue", a).isGreaterThan(80);
      assertThat(red[0]).as("%s", a).isGreaterThan(blue[0] + 80);
    }
  }

  @Test
  void longerDressesCoverMorePicture() {
    int mini =
        garmentPixels(
            paint(new Garment(Apparel.DRESS, "black", "solid", "mini", "women", "adult"), 3));
    int maxi =
        garmentPixels(
            paint(new Garment(Apparel.DRESS, "black", "solid", "maxi", "women", "adult"), 3));
    assertThat(maxi).isGreaterThan(mini * 3 / 2);
  }

  @Test
  void babyItemsAreSmallerThanAdultOnes() {
    int adult =
        garmentPixels(
            paint(new Garment(Apparel.PANTS, "navy", "solid", "full", "men", "adult"), 5));
    int baby =
        garmentPixels(paint(new Garment(Apparel.PANTS, "navy", "solid", "full", "men", "baby"), 5));
    assertThat(baby).isLessThan(adult / 2);
  }

  @Test
  void sameRandomStreamPaintsTheSamePicture() {
    Garment g = new Garment(Apparel.DRESS, "pink", "floral", "knee", "women", "kids");
    BufferedImage a = paint(g, 9);
    BufferedImage b = paint(g, 9);
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        assertThat(a.getRGB(x, y)).isEqualTo(b.getRGB(x, y));
      }
    }
  }

  @Test
  void everyPatternAndColourCanBePainted() {
    for (String colour : SyntheticTaxonomy.COLOURS) {
      for (String pattern : SyntheticTaxonomy.PATTERNS) {
        BufferedImage img =
            GarmentPainter.paint(
                new Garment(Apparel.PANTS, colour, pattern, "ankle", "men", "kids"),
                new SplittableRandom(1),
                40,
                48);
        assertThat(img.getWidth()).isEqualTo(40);
        assertThat(img.getHeight()).isEqualTo(48);
      }
    }
  }
}
