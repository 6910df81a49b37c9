package io.imat.testing.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.taxonomy.Apparel;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UrlWriterTest {
  private static final Garment NAVY_MAXI =
      new Garment(Apparel.DRESS, "navy", "solid", "maxi", "women", "adult");

  @Test
  void pathsNameMirrorAndImage() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int m = 0; m < 3; m++) {
      assertThat(UrlWriter.path(NAVY_MAXI, "17", m, rnd))
          .startsWith("/m" + m + "/17/")
          .endsWith(".jpg")
          .doesNotContain(" ");
    }
  }

  @Test
  void firstMirrorsOftenButNotAlwaysLeakTheColour() {
    SplittableRandom rnd = new SplittableRandom(2);
    int leaks = 0;
    for (int k = 0; k < 400; k++) {
      String p = UrlWriter.path(NAVY_MAXI, "1", 0, rnd).toLowerCase(Locale.ROOT);
      if (p.contains("navy")) {
        leaks++;
      }
    }
    // the colour word is drawn with probability 0.6 (a wrong colour with 0.4 x 0.08)
    assertThat(leaks).isBetween(180, 300);
  }

  @Test
  void laterMirrorsAreSometimesWordlessCdnNames() {
    SplittableRandom rnd = new SplittableRandom(3);
    int wordless = 0;
    for (int k = 0; k < 200; k++) {
      if (UrlWriter.path(NAVY_MAXI, "1", 1, rnd).matches("/m1/1/img_\\d{6}\\.jpg")) {
        wordless++;
      }
    }
    assertThat(wordless).isBetween(60, 140);
  }
}
