package io.imat.api.folds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldReportTest {
  private static final Taxonomy TAX =
      Taxonomy.builder()
          .addLabel("x", "x")
          .addLabel("y", "y")
          .addTask("t", "shoe:t", List.of("x", "y"))
          .build();

  private static ImatDataset dataset(String... labels) {
    ImatDataset.Builder b = ImatDataset.builder(TAX);
    for (int i = 0; i < labels.length; i++) {
      b.addImage("i" + i);
      if (!labels[i].isEmpty()) {
        b.annotate("i" + i, "t", labels[i]);
      }
    }
    return b.build();
  }

  /**
   * x on three images, y on three, two folds. Working the algorithm by hand, x goes 2/1 and y 1/2
   * whatever the seed: folds {x, x, y} and {x, y, y}. Per fold and label the share is 2/3 or 1/3
   * against 1/2 globally: deviation 1/6. LD per label: ratios 2/1 and 1/2 against 3/3, so (|2 - 1|
   * + |0.5 - 1|) / 2 = 0.75.
   */
  @Test
  void handWorkedTwoFoldExample() {
    for (long seed = 0; seed < 4; seed++) {
      FoldReport r = Folds.stratified(dataset("x", "x", "x", "y", "y", "y"), 2, seed).report();
      assertThat(r.folds()).hasSize(2);
      for (FoldReport.Fold f : r.folds()) {
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.meanDeviation()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(f.maxDeviation()).isCloseTo(1.0 / 6, within(1e-12));
      }
      assertThat(r.maxDeviation()).isCloseTo(1.0 / 6, within(1e-12));
      assertThat(r.labelDistribution()).isCloseTo(0.75, within(1e-12));
      assertThat(r.examplesDistribution()).isZero();
    }
  }

  @Test
  void perfectlyDivisibleDataGivesZeroMeasures() {
    FoldReport r = Folds.stratified(dataset("x", "y", "x", "y"), 2, 7).report();
    assertThat(r.labelDistribution()).isZero();
    assertThat(r.maxDeviation()).isZero();
    assertThat(r.examplesDistribution()).isZero();
  }

  @Test
  void examplesDistributionIsTheMeanSizeGap() {
    // 5 images in 2 folds: sizes 3 and 2 against 2.5
    FoldReport r = Folds.random(dataset("x", "y", "x", "y", ""), 2, 1).report();
    assertThat(r.examplesDistribution()).isCloseTo(0.5, within(1e-12));
    assertThat(r.folds()).extracting(FoldReport.Fold::size).containsExactlyInAnyOrder(3, 2);
  }

  @Test
  void toStringListsEveryFold() {
    String s = Folds.stratified(dataset("x", "y", "x", "y"), 2, 7).report().toString();
    assertThat(s).contains("2 folds").contains("fold 0").contains("fold 1");
  }
}
