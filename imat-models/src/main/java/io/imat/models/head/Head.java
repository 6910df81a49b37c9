package io.imat.models.head;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.layers.NamedSequential;
import io.imat.models.layers.SeededDropout;
import java.util.Locale;

/**
 * The classification head on top of a backbone's pooled features, as in the seed: dropout, then one
 * dense layer. What the dense layer predicts and how it is trained differ:
 *
 * <ul>
 *   <li>{@link #sigmoid()}: one sigmoid per label of the shared label space (381 in 2017), binary
 *       cross-entropy — the seed's Keras head. {@link #maskedSigmoid()} trains only on the labels
 *       of the tasks annotated for each image, so an unannotated task does not teach "no".
 *   <li>{@link #perTaskSoftmax()}: one softmax per task over its own labels plus one over the
 *       apparels — the seed's MXNet {@code multi_output}; the loss covers the annotated tasks only,
 *       and several correct labels share the target mass.
 * </ul>
 *
 * Instances are immutable.
 */
public abstract class Head {
  private final float dropout;

  Head(float dropout) {
    checkArgument(dropout >= 0 && dropout < 1, "dropout %s out of [0, 1)", dropout);
    this.dropout = dropout;
  }

  /** Sigmoid over every label, binary cross-entropy over every label (dropout 0.5). */
  public static Head sigmoid() {
    return new SigmoidHead(0.5f, false);
  }

  /**
   * Sigmoid over every label, binary cross-entropy over the labels of the tasks annotated for each
   * image only (dropout 0.5).
   */
  public static Head maskedSigmoid() {
    return new SigmoidHead(0.5f, true);
  }

  /** One softmax per task (plus one over apparels), loss on annotated tasks only (dropout 0.5). */
  public static Head perTaskSoftmax() {
    return new PerTaskSoftmaxHead(0.5f);
  }

  /**
   * The head called {@code name}: {@code sigmoid}, {@code masked-sigmoid} or {@code per-task}.
   *
   * @throws IllegalArgumentException for other names
   */
  public static Head named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sigmoid" -> sigmoid();
      case "masked-sigmoid", "masked_sigmoid" -> maskedSigmoid();
      case "per-task", "per_task", "per-task-softmax" -> perTaskSoftmax();
      default ->
          throw new IllegalArgumentException(
              "unknown head '" + name + "'; known: sigmoid, masked-sigmoid, per-task");
    };
  }

  /** The same head with another dropout rate before the dense layer. */
  public abstract Head withDropout(float rate);

  /** The name {@link #named} accepts. */
  public abstract String name();

  /** The dropout rate before the dense layer. */
  public float dropout() {
    return dropout;
  }

  /** Logits the dense layer produces for {@code taxonomy}. */
  public abstract int outputs(Taxonomy taxonomy);

  /** Width of the per-image target vector {@link #encode} writes. */
  public abstract int targetWidth(Taxonomy taxonomy);

  /** Width of the per-image loss mask {@link #encode} writes. */
  public abstract int maskWidth(Taxonomy taxonomy);

  /**
   * Writes the training target and loss mask of image {@code index} of {@code data} at {@code row}
   * of the batch arrays {@code target} ({@link #targetWidth} per row) and {@code mask} ({@link
   * #maskWidth} per row).
   */
  public abstract void encode(ImatDataset data, int index, float[] target, float[] mask, int row);

  /**
   * The mean loss of a batch: {@code logits} {@code (N, outputs)}, {@code target} {@code (N,
   * targetWidth)}, {@code mask} {@code (N, maskWidth)}. Differentiable.
   */
  public abstract NDArray loss(NDArray logits, NDArray target, NDArray mask, Taxonomy taxonomy);

  /**
   * Turns one image's logits (from {@code offset} in {@code logits}) into a probability per label
   * of the taxonomy, written to {@code row}.
   */
  public abstract void probabilities(float[] logits, int offset, Taxonomy taxonomy, float[] row);

  /** A new, uninitialised head block: dropout then a dense layer with {@link #outputs} units. */
  public Block newBlock(Taxonomy taxonomy) {
    NamedSequential b = new NamedSequential();
    if (dropout > 0) {
      b.add("dropout", new SeededDropout(dropout));
    }
    b.add("predictions", Linear.builder().setUnits(outputs(taxonomy)).build());
    return b;
  }

  @Override
  public String toString() {
    return name() + "(dropout " + dropout + ")";
  }
}
