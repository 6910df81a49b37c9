package io.imat.models.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.Arrays;
import java.util.List;

/**
 * One softmax per task over the task's own labels, plus one softmax over the apparels.
 *
 * <p>Outputs are laid out task by task ({@code task.labels()} order), then one per apparel. Labels
 * are shared between tasks, so turning the per-task distributions into one probability per label
 * needs care: a shoe:color head says nothing useful about a dress. The probability of a label is
 * therefore the sum over the tasks that offer it of P(task's apparel) · P(label | task), averaged
 * over the tasks of the same apparel that share the label. For the tasks of the image's apparel the
 * top-1 answer is then that task's own argmax whenever no sibling task shares its labels.
 */
final class PerTaskSoftmaxHead extends Head {

  PerTaskSoftmaxHead(float dropout) {
    super(dropout);
  }

  @Override
  public Head withDropout(float rate) {
    return new PerTaskSoftmaxHead(rate);
  }

  @Override
  public String name() {
    return "per-task";
  }

  @Override
  public int outputs(Taxonomy taxonomy) {
    return taxonomy.pairCount() + taxonomy.apparels().size();
  }

  @Override
  public int targetWidth(Taxonomy taxonomy) {
    return outputs(taxonomy);
  }

  @Override
  public int maskWidth(Taxonomy taxonomy) {
    return taxonomy.taskCount() + 1;
  }

  @Override
  public void encode(ImatDataset data, int index, float[] target, float[] mask, int row) {
    Taxonomy t = data.taxonomy();
    int width = targetWidth(t);
    int maskW = maskWidth(t);
    Arrays.fill(target, row * width, (row + 1) * width, 0f);
    Arrays.fill(mask, row * maskW, (row + 1) * maskW, 0f);
    int[] offsets = offsets(t);
    data.forEachPair(
        index,
        (task, labelIndexes) -> {
          List<Label> labels = task.labels();
          int hits = 0;
          for (int l : labelIndexes) {
            if (position(labels, l) >= 0) {
              hits++;
            }
          }
          if (hits == 0) {
            return;
          }
          for (int l : labelIndexes) {
            int p = position(labels, l);
            if (p >= 0) {
              target[row * width + offsets[task.index()] + p] = 1f / hits;
            }
          }
          mask[row * maskW + task.index()] = 1f;
        });
    data.apparel(index)
        .ifPresent(
            a -> {
              target[row * width + t.pairCount() + t.apparels().indexOf(a)] = 1f;
              mask[row * maskW + t.taskCount()] = 1f;
            });
  }

  @Override
  public NDArray loss(NDArray logits, NDArray target, NDArray mask, Taxonomy taxonomy) {
    int[] offsets = offsets(taxonomy);
    NDArray total = null;
    for (Task task : taxonomy.tasks()) {
      int from = offsets[task.index()];
      int to = from + task.labels().size();
      NDArray ce = crossEntropy(logits, target, from, to);
      NDArray term = ce.mul(mask.get(new NDIndex(":, {}", task.index())));
      total = total == null ? term : total.add(term);
    }
    int a = taxonomy.pairCount();
    NDArray apparel = crossEntropy(logits, target, a, a + taxonomy.apparels().size());
    total = total.add(apparel.mul(mask.get(new NDIndex(":, {}", taxonomy.taskCount()))));
    return total.sum().div(mask.sum().maximum(1f));
  }

  /** −Σ target · log softmax over columns [from, to), per row. */
  private static NDArray crossEntropy(NDArray logits, NDArray target, int from, int to) {
    NDIndex cols = new NDIndex(":, {}:{}", from, to);
    return logits.get(cols).logSoftmax(1).mul(target.get(cols)).sum(new int[] {1}).neg();
  }

  @Override
  public void probabilities(float[] logits, int offset, Taxonomy taxonomy, float[] row) {
    Arrays.fill(row, 0f);
    int[] offsets = offsets(taxonomy);
    List<Apparel> apparels = taxonomy.apparels();
    double[] pApparel = softmax(logits, offset + taxonomy.pairCount(), apparels.size());
    // How many tasks of each apparel offer each label: shared labels are averaged over them.
    int[][] sharing = new int[apparels.size()][taxonomy.labelCount()];
    for (Task task : taxonomy.tasks()) {
      int a = apparels.indexOf(task.apparel());
      for (Label l : task.labels()) {
        sharing[a][l.index()]++;
      }
    }
    for (Task task : taxonomy.tasks()) {
      int a = apparels.indexOf(task.apparel());
      double[] p = softmax(logits, offset + offsets[task.index()], task.labels().size());
      for (int k = 0; k < p.length; k++) {
        Label l = task.labels().get(k);
        row[l.index()] += (float) (pApparel[a] * p[k] / sharing[a][l.index()]);
      }
    }
    for (int l = 0; l < row.length; l++) {
      row[l] = Math.min(1f, Math.max(0f, row[l]));
    }
  }

  private static double[] softmax(float[] x, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      max = Math.max(max, x[from + k]);
    }
    double[] out = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      out[k] = Math.exp(x[from + k] - max);
      sum += out[k];
    }
    for (int k = 0; k < n; k++) {
      out[k] /= sum;
    }
    return out;
  }

  private static int position(List<Label> labels, int labelIndex) {
    for (int k = 0; k < labels.size(); k++) {
      if (labels.get(k).index() == labelIndex) {
        return k;
      }
    }
    return -1;
  }

  /** Start of each task's block of outputs. */
  static int[] offsets(Taxonomy taxonomy) {
    int[] out = new int[taxonomy.taskCount()];
    int o = 0;
    for (Task task : taxonomy.tasks()) {
      out[task.index()] = o;
      o += task.labels().size();
    }
    return out;
  }
}
