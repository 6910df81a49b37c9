package io.imat.api.folds;

import static com.google.common.base.Preconditions.checkArgument;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.random.Permutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A split of a dataset into K folds for cross-validation, stratified for multi-label data with the
 * iterative stratification of Sechidis, Tsoumakas and Vlahavas (2011): the rarest (task, label)
 * pair is distributed first, each image going to the fold that most lacks that pair, so every fold
 * sees every label in about the global proportion — even labels with a handful of images.
 *
 * <pre>{@code
 * Folds folds = Folds.stratified(train, 10, 42);
 * ImatDataset fit = folds.train(0), holdOut = folds.validation(0);
 * System.out.println(folds.report());
 * }</pre>
 *
 * Deterministic: the same dataset, K and seed always give the same folds.
 */
public final class Folds {
  private final ImatDataset dataset;
  private final int k;
  private final int[] foldOf;

  private Folds(ImatDataset dataset, int k, int[] foldOf) {
    this.dataset = dataset;
    this.k = k;
    this.foldOf = foldOf;
  }

  /**
   * Splits {@code dataset} into {@code k} stratified folds.
   *
   * @throws IllegalArgumentException if {@code k < 2} or there are fewer images than folds
   */
  public static Folds stratified(ImatDataset dataset, int k, long seed) {
    checkArgument(k >= 2, "need at least 2 folds, got %s", k);
    checkArgument(dataset.size() >= k, "%s images cannot fill %s folds", dataset.size(), k);
    return new Folds(dataset, k, IterativeStratification.assign(dataset, k, seed));
  }

  /**
   * Splits {@code dataset} into {@code k} folds uniformly at random (equal sizes, no
   * stratification): the baseline stratification is compared with.
   */
  public static Folds random(ImatDataset dataset, int k, long seed) {
    checkArgument(k >= 2, "need at least 2 folds, got %s", k);
    checkArgument(dataset.size() >= k, "%s images cannot fill %s folds", dataset.size(), k);
    int n = dataset.size();
    int[] order = Permutations.shuffled(n, new SplittableRandom(seed));
    int[] foldOf = new int[n];
    for (int p = 0; p < n; p++) {
      foldOf[order[p]] = p % k;
    }
    return new Folds(dataset, k, foldOf);
  }

  /** The number of folds. */
  public int k() {
    return k;
  }

  /** The dataset that was split. */
  public ImatDataset dataset() {
    return dataset;
  }

  /** The fold (0 … K-1) of the image at {@code imageIndex}. */
  public int foldOf(int imageIndex) {
    return foldOf[imageIndex];
  }

  /** The indexes of the images held out in {@code fold}, ascending. */
  public int[] validationIndexes(int fold) {
    checkFold(fold);
    return indexes(fold, true);
  }

  /** The indexes of the images trained on when {@code fold} is held out, ascending. */
  public int[] trainIndexes(int fold) {
    checkFold(fold);
    return indexes(fold, false);
  }

  /** The images held out in {@code fold}. */
  public ImatDataset validation(int fold) {
    return dataset.subset(validationIndexes(fold));
  }

  /** All images except those of {@code fold}. */
  public ImatDataset train(int fold) {
    return dataset.subset(trainIndexes(fold));
  }

  /** How well the folds reproduce the global label distribution. */
  public FoldReport report() {
    return FoldReport.of(this);
  }

  private int[] indexes(int fold, boolean in) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < foldOf.length; i++) {
      if ((foldOf[i] == fold) == in) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void checkFold(int fold) {
    checkArgument(fold >= 0 && fold < k, "fold %s out of range 0..%s", fold, k - 1);
  }

  /** A copy of the fold of every image, in image order. */
  public int[] assignment() {
    return Arrays.copyOf(foldOf, foldOf.length);
  }
}
