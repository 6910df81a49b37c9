package io.imat.api.folds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldsTest {
  private static final int K = 5;

  /**
   * Labels 1..8 answer shoe:color, 9..14 shoe:style, 15 (rare) and 16 answer shoe:strap. Colour and
   * style follow a steep power law, so their tails are rare; style pairs sometimes carry two
   * labels.
   */
  private static final Taxonomy TAX = taxonomy();

  private static Taxonomy taxonomy() {
    Taxonomy.Builder b = Taxonomy.builder();
    for (int l = 1; l <= 16; l++) {
      b.addLabel(String.valueOf(l), "l" + l);
    }
    b.addTask("1", "shoe:color", ids(1, 8));
    b.addTask("2", "shoe:style", ids(9, 14));
    b.addTask("3", "shoe:strap", ids(15, 16));
    return b.build();
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
  }

  private static int zipf(SplittableRandom r, int n) {
    double[] w = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      w[k] = 1 / Math.pow(k + 1, 1.6);
      total += w[k];
    }
    double x = r.nextDouble() * total;
    for (int k = 0; k < n; k++) {
      x -= w[k];
      if (x < 0) {
        return k;
      }
    }
    return n - 1;
  }

  /**
   * {@code n} images; the first K carry only the rare label 15, so it has exactly K images and
   * nothing else decides where they go; the last 3 images carry no annotation at all.
   */
  static ImatDataset skewed(int n) {
    SplittableRandom r = new SplittableRandom(2017);
    ImatDataset.Builder b = ImatDataset.builder(TAX);
    for (int i = 0; i < n; i++) {
      String id = "i" + i;
      b.addImage(id);
      if (i < K) {
        b.annotate(id, "3", "15");
        continue;
      }
      if (i >= n - 3) {
        continue;
      }
      b.annotate(id, "1", String.valueOf(1 + zipf(r, 8)));
      if (r.nextDouble() < 0.8) {
        b.annotate(id, "2", String.valueOf(9 + zipf(r, 6)));
        if (r.nextDouble() < 0.15) {
          b.annotate(id, "2", String.valueOf(9 + r.nextInt(6)));
        }
      }
      if (r.nextDouble() < 0.5) {
        b.annotate(id, "3", "16");
      }
    }
    return b.build();
  }

  private static final ImatDataset DATA = skewed(300);

  private static void assertPartition(Folds f, int n) {
    int[] a = f.assignment();
    assertThat(a).hasSize(n);
    assertThat(Arrays.stream(a).allMatch(x -> x >= 0 && x < f.k())).isTrue();
    List<Integer> seen = new ArrayList<>();
    for (int fold = 0; fold < f.k(); fold++) {
      int[] v = f.validationIndexes(fold);
      int[] t = f.trainIndexes(fold);
      assertThat(v.length + t.length).isEqualTo(n);
      int[] union = IntStream.concat(Arrays.stream(v), Arrays.stream(t)).sorted().toArray();
      assertThat(union).isEqualTo(IntStream.range(0, n).toArray());
      for (int i : v) {
        assertThat(f.foldOf(i)).isEqualTo(fold);
        seen.add(i);
      }
    }
    assertThat(seen).hasSize(n).doesNotHaveDuplicates();
  }

  @Test
  void stratifiedPutsEveryImageInExactlyOneFold() {
    assertPartition(Folds.stratified(DATA, K, 1), DATA.size());
  }

  @Test
  void randomPutsEveryImageInExactlyOneFold() {
    assertPartition(Folds.random(DATA, K, 1), DATA.size());
  }

  @Test
  void stratifiedFoldsHaveNearlyEqualSizes() {
    for (long seed = 1; seed <= 5; seed++) {
      Folds f = Folds.stratified(DATA, K, seed);
      for (int fold = 0; fold < K; fold++) {
        // 300 / 5 = 60; iterative stratification follows label demand first, so sizes may drift
        // a little, never far
        assertThat(f.validationIndexes(fold).length)
            .as("seed %s fold %s", seed, fold)
            .isBetween(54, 66);
      }
      assertThat(f.report().examplesDistribution()).as("seed %s", seed).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void randomFoldsDifferBySizeAtMostOne() {
    ImatDataset d = skewed(303);
    Folds f = Folds.random(d, K, 9);
    int[] sizes = IntStream.range(0, K).map(k -> f.validationIndexes(k).length).toArray();
    assertThat(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt())
        .isLessThanOrEqualTo(1);
    assertThat(Arrays.stream(sizes).sum()).isEqualTo(303);
  }

  @Test
  void sameSeedGivesSameFoldsAndOtherSeedOtherFolds() {
    assertThat(Folds.stratified(DATA, K, 42).assignment())
        .isEqualTo(Folds.stratified(DATA, K, 42).assignment())
        .isNotEqualTo(Folds.stratified(DATA, K, 43).assignment());
    assertThat(Folds.random(DATA, K, 42).assignment())
        .isEqualTo(Folds.random(DATA, K, 42).assignment())
        .isNotEqualTo(Folds.random(DATA, K, 43).assignment());
  }

  @Test
  void stratifiedFollowsTheGlobalLabelDistributionBetterThanRandom() {
    double stratified = 0;
    double random = 0;
    for (long seed = 1; seed <= 5; seed++) {
      stratified += Folds.stratified(DATA, K, seed).report().labelDistribution();
      random += Folds.random(DATA, K, seed).report().labelDistribution();
    }
    assertThat(stratified / 5).isLessThan(random / 5 / 2);
  }

  @Test
  void labelWithExactlyKImagesGetsOneImagePerFold() {
    for (long seed = 1; seed <= 5; seed++) {
      Folds f = Folds.stratified(DATA, K, seed);
      int[] foldsOfRare = IntStream.range(0, K).map(f::foldOf).sorted().toArray();
      assertThat(foldsOfRare).as("seed %s", seed).containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void trainAndValidationSubsetsKeepGroundTruth() {
    Folds f = Folds.stratified(DATA, K, 3);
    ImatDataset v = f.validation(2);
    ImatDataset t = f.train(2);
    assertThat(v.size() + t.size()).isEqualTo(DATA.size());
    assertThat(v.pairCount() + t.pairCount()).isEqualTo(DATA.pairCount());
    assertThat(v.images()).allSatisfy(img -> assertThat(t.contains(img.id())).isFalse());
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Folds.stratified(DATA, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Folds.random(skewed(8).subset(0, 1, 2), 4, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Folds.stratified(DATA, K, 0).validationIndexes(K))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
