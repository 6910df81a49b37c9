package io.imat.augment.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.augment.Canvas;
import io.imat.augment.TestImages;
import io.imat.augment.geometric.Affine;
import io.imat.augment.image.Image;
import io.imat.augment.image.LookupTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetaTest {
  private final Image image = TestImages.random(8, 6, 3, 1);

  /** Adds a constant to every value, so which children ran is visible in the output. */
  private static Augmenter add(int amount) {
    return new Augmenter() {
      @Override
      public void apply(Canvas canvas, SplittableRandom random) {
        canvas.filter(LookupTable.of(v -> v + amount));
      }
    };
  }

  /** Records its name when applied. */
  private static Augmenter recorder(String name, List<String> log) {
    return (canvas, random) -> log.add(name);
  }

  @Test
  void sometimesZeroAndOne() {
    Image black = Image.filled(4, 4, 0);
    assertThat(Augmenters.sometimes(0, add(5)).augment(black, 1)).isEqualTo(black);
    assertThat(Augmenters.sometimes(1, add(5)).augment(black, 1)).isEqualTo(Image.filled(4, 4, 5));
    assertThat(Sometimes.of(0, add(5), add(9)).augment(black, 1)).isEqualTo(Image.filled(4, 4, 9));
    int applied = 0;
    for (int i = 0; i < 400; i++) {
      if (Augmenters.sometimes(0.25, add(1)).augment(black, 3, i).get(0, 0, 0) == 1) {
        applied++;
      }
    }
    assertThat(applied).isBetween(60, 140);
  }

  @Test
  void someOfAppliesExactlyNInOrder() {
    Image black = Image.filled(2, 2, 0);
    Augmenter two = Augmenters.someOf(2, add(1), add(10), add(100));
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      int v = two.augment(black, 9, i).get(0, 0, 0);
      assertThat(v).isIn(11, 101, 110);
      seen.merge(v, 1, Integer::sum);
    }
    assertThat(seen).hasSize(3);
    List<String> log = new ArrayList<>();
    SomeOf.between(3, 3, List.of(recorder("a", log), recorder("b", log), recorder("c", log)), false)
        .augment(black, 1);
    assertThat(log).containsExactly("a", "b", "c");
  }

  @Test
  void oneOfAppliesExactlyOne() {
    Image black = Image.filled(2, 2, 0);
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      seen.merge(
          Augmenters.oneOf(add(1), add(2), add(3)).augment(black, 4, i).get(0, 0, 0),
          1,
          Integer::sum);
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void randomOrderVariesPerImageButIsReproducible() {
    List<List<String>> orders = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      List<String> log = new ArrayList<>();
      Augmenters.sequentialRandomOrder(recorder("a", log), recorder("b", log), recorder("c", log))
          .augment(image, 5, i);
      orders.add(log);
    }
    assertThat(orders.stream().distinct().count()).isGreaterThan(3);
    List<String> again = new ArrayList<>();
    Augmenters.sequentialRandomOrder(
            recorder("a", again), recorder("b", again), recorder("c", again))
        .augment(image, 5, 0);
    assertThat(again).isEqualTo(orders.get(0));
  }

  @Test
  void childStreamsAreIndependentOfSiblings() {
    // Adding a sibling before the noise must not change the noise an image gets.
    Augmenter noise = Augmenters.additiveGaussianNoise(5, 5);
    Image alone = Augmenters.sequential(Augmenters.fliplr(0), noise).augment(image, 3);
    Image withOther = Augmenters.sequential(Augmenters.flipud(0), noise).augment(image, 3);
    assertThat(withOther).isEqualTo(alone);
  }

  @Test
  void stepwiseResamplesEachStepOnItsOwn() {
    Image im = TestImages.smooth(40, 30);
    Augmenter first = Affine.builder().rotate(io.imat.augment.param.Param.constant(10)).build();
    Augmenter second = Affine.builder().scale(io.imat.augment.param.Param.constant(1.2)).build();
    Augmenter chain = Augmenters.sequential(first, second);
    Image byHand = second.augment(first.augment(im, 1), 1);
    assertThat(Augmenters.stepwise(chain).augment(im, 1)).isEqualTo(byHand);
    // Fused: one resampling, close to but not the same bytes.
    Image fused = chain.augment(im, 1);
    assertThat(fused).isNotEqualTo(byHand);
    assertThat(TestImages.maxAbsDiff(fused, byHand)).isLessThan(40);
    // The setting is restored afterwards: a canvas fuses again outside the wrapper.
    Canvas canvas = Canvas.of(im);
    Augmenters.stepwise(first).apply(canvas, new SplittableRandom(1));
    assertThat(canvas.fuseGeometry(true)).isTrue();
  }

  @Test
  void badArgumentsFail() {
    assertThatThrownBy(() -> Augmenters.sometimes(1.1, add(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Augmenters.someOf(4, add(1), add(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SomeOf.between(2, 1, List.of(add(1), add(2)), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(Augmenters::oneOf).isInstanceOf(IllegalArgumentException.class);
  }
}
