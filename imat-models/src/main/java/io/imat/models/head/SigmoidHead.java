package io.imat.models.head;

import ai.djl.ndarray.NDArray;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Taxonomy;
import java.util.Arrays;

/** One sigmoid per label, binary cross-entropy; optionally masked to annotated tasks' labels. */
final class SigmoidHead extends Head {
  private final boolean masked;

  SigmoidHead(float dropout, boolean masked) {
    super(dropout);
    this.masked = masked;
  }

  @Override
  public Head withDropout(float rate) {
    return new SigmoidHead(rate, masked);
  }

  @Override
  public String name() {
    return masked ? "masked-sigmoid" : "sigmoid";
  }

  @Override
  public int outputs(Taxonomy taxonomy) {
    return taxonomy.labelCount();
  }

  @Override
  public int targetWidth(Taxonomy taxonomy) {
    return taxonomy.labelCount();
  }

  @Override
  public int maskWidth(Taxonomy taxonomy) {
    return taxonomy.labelCount();
  }

  @Override
  public void encode(ImatDataset data, int index, float[] target, float[] mask, int row) {
    int n = data.taxonomy().labelCount();
    int base = row * n;
    Arrays.fill(target, base, base + n, 0f);
    Arrays.fill(mask, base, base + n, masked ? 0f : 1f);
    data.forEachPair(
        index,
        (task, labelIndexes) -> {
          if (masked) {
            for (Label l : task.labels()) {
              mask[base + l.index()] = 1f;
            }
          }
          for (int l : labelIndexes) {
            target[base + l] = 1f;
            mask[base + l] = 1f;
          }
        });
  }

  @Override
  public NDArray loss(NDArray logits, NDArray target, NDArray mask, Taxonomy taxonomy) {
    // Stable BCE with logits: max(z, 0) - z*y + log(1 + exp(-|z|)).
    NDArray z = logits;
    NDArray bce = z.maximum(0f).sub(z.mul(target)).add(z.abs().neg().exp().add(1f).log());
    if (!masked) {
      return bce.mean();
    }
    NDArray weighted = bce.mul(mask);
    return weighted.sum().div(mask.sum().maximum(1f));
  }

  @Override
  public void probabilities(float[] logits, int offset, Taxonomy taxonomy, float[] row) {
    for (int l = 0; l < taxonomy.labelCount(); l++) {
      row[l] = (float) (1.0 / (1.0 + Math.exp(-logits[offset + l])));
    }
  }
}
