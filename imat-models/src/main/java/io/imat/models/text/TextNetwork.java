package io.imat.models.text;

import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;

/**
 * The parameters and forward pass of the URL text model, a fastText-style classifier: the mean of
 * the embeddings of an image's hashed features is a hidden vector {@code h}, and each head is a
 * softmax over {@code W h + b}.
 *
 * <p>A row of {@link io.imat.api.predict.Predictions} has one value per label, while labels are
 * shared between tasks ({@code black} answers every colour task). The row therefore holds, for each
 * label, the probability that it is a correct answer for the image: {@code sum over apparels a of
 * P(a | url) * max over the tasks of a that have the label of P(label | url, task)}. Within a task
 * of the image's apparel this ranks the labels like the task's own softmax once the apparel is
 * clear; every value is in [0, 1].
 */
final class TextNetwork {
  final HeadLayout layout;
  final int buckets;
  final int dim;
  // buckets x dim, row-major.
  final float[] embedding;
  // outputs x dim, row-major, and outputs biases.
  final float[] weights;
  final float[] bias;

  TextNetwork(HeadLayout layout, int buckets, int dim) {
    this(
        layout,
        buckets,
        dim,
        new float[Math.multiplyExact(buckets, dim)],
        new float[layout.outputs() * dim],
        new float[layout.outputs()]);
  }

  TextNetwork(
      HeadLayout layout, int buckets, int dim, float[] embedding, float[] weights, float[] bias) {
    this.layout = layout;
    this.buckets = buckets;
    this.dim = dim;
    this.embedding = embedding;
    this.weights = weights;
    this.bias = bias;
  }

  /** The mean embedding of {@code features} into {@code h} (zero for no features). */
  void hidden(int[] features, float[] h) {
    java.util.Arrays.fill(h, 0f);
    if (features.length == 0) {
      return;
    }
    for (int f : features) {
      int base = f * dim;
      for (int j = 0; j < dim; j++) {
        h[j] += embedding[base + j];
      }
    }
    float inv = 1f / features.length;
    for (int j = 0; j < dim; j++) {
      h[j] *= inv;
    }
  }

  /**
   * Softmax of the head outputs {@code [offset, offset + size)} given {@code h}, into {@code p}.
   */
  void softmax(float[] h, int offset, int size, float[] p) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < size; k++) {
      int o = offset + k;
      float z = bias[o];
      int base = o * dim;
      for (int j = 0; j < dim; j++) {
        z += weights[base + j] * h[j];
      }
      p[k] = z;
      max = Math.max(max, z);
    }
    float sum = 0f;
    for (int k = 0; k < size; k++) {
      // StrictMath: the same bits on every JVM, so a seed gives the same model everywhere.
      p[k] = (float) StrictMath.exp(p[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < size; k++) {
      p[k] /= sum;
    }
  }

  /** The predictions row (one probability per label of the taxonomy) for {@code features}. */
  float[] row(int[] features) {
    Taxonomy taxonomy = layout.taxonomy();
    float[] h = new float[dim];
    hidden(features, h);
    int apparels = layout.apparels().size();
    float[] gate = new float[apparels];
    softmax(h, layout.apparelOffset(), apparels, gate);
    // best[a][label]: the largest probability of the label among the tasks of apparel a.
    float[][] best = new float[apparels][taxonomy.labelCount()];
    float[] p = new float[maxTaskSize(taxonomy)];
    for (Task t : taxonomy.tasks()) {
      int size = t.labels().size();
      if (size == 0) {
        continue;
      }
      softmax(h, layout.taskOffset(t.index()), size, p);
      float[] b = best[layout.apparelOfTask(t.index())];
      for (int k = 0; k < size; k++) {
        Label l = t.labels().get(k);
        b[l.index()] = Math.max(b[l.index()], p[k]);
      }
    }
    float[] row = new float[taxonomy.labelCount()];
    for (int a = 0; a < apparels; a++) {
      for (int l = 0; l < row.length; l++) {
        row[l] += gate[a] * best[a][l];
      }
    }
    for (int l = 0; l < row.length; l++) {
      // Rounding can push a sum of products a hair above 1.
      row[l] = Math.min(1f, Math.max(0f, row[l]));
    }
    return row;
  }

  static int maxTaskSize(Taxonomy taxonomy) {
    int m = 1;
    for (Task t : taxonomy.tasks()) {
      m = Math.max(m, t.labels().size());
    }
    return Math.max(m, taxonomy.apparels().size());
  }
}
