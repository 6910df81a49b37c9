package io.imat.models.text;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The yardstick for the URL text model: the textbook TF-IDF + logistic regression text classifier,
 * as one would write it with scikit-learn ({@code TfidfVectorizer(ngram_range=(1, 2),
 * sublinear_tf=True)} + one multinomial {@code LogisticRegression(C)} per task).
 *
 * <p>It uses the same words as the text model (the {@link UrlTokenizer}'s word n-grams) but an
 * exact vocabulary instead of hashing, smooth IDF ({@code ln((1 + n) / (1 + df)) + 1}),
 * L2-normalised rows and, per task, a full-rank softmax over the task's labels trained only on the
 * images annotated for that task, with an L2 penalty of {@code 1 / (2C)}. It answers each (image,
 * task) pair directly with the task's argmax — it is told which task is asked, an advantage over a
 * model that must write one row of label probabilities.
 */
final class TfidfLogisticBaseline {
  private final UrlTokenizer tokenizer;
  private final double c;
  private final Map<String, Integer> vocabulary = new HashMap<>();
  private double[] idf;
  private double[][] weights; // per task: labels x (features + 1)
  private TaskPriors priors;
  private Taxonomy taxonomy;

  TfidfLogisticBaseline(UrlTokenizer tokenizer, double c) {
    this.tokenizer = tokenizer;
    this.c = c;
  }

  /** Fits on the annotated images of {@code train}. */
  TfidfLogisticBaseline fit(ImatDataset train, int epochs, long seed) {
    taxonomy = train.taxonomy();
    priors = TaskPriors.fromDataset(train);
    List<int[]> docs = new ArrayList<>();
    Map<Integer, Integer> df = new HashMap<>();
    for (int i = 0; i < train.size(); i++) {
      List<String> f = tokenizer.features(train.image(i));
      int[] ids = new int[f.size()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = vocabulary.computeIfAbsent(f.get(k), x -> vocabulary.size());
        df.merge(ids[k], 1, Integer::sum);
      }
      docs.add(ids);
    }
    idf = new double[vocabulary.size()];
    for (int v = 0; v < idf.length; v++) {
      idf[v] = Math.log((1.0 + train.size()) / (1.0 + df.getOrDefault(v, 0))) + 1;
    }
    int dim = vocabulary.size() + 1;
    weights = new double[taxonomy.taskCount()][];
    SplittableRandom random = new SplittableRandom(seed);
    for (Task task : taxonomy.tasks()) {
      int labels = task.labels().size();
      List<Sparse> xs = new ArrayList<>();
      List<double[]> ys = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        var correct = train.labels(i, task);
        if (correct.isEmpty()) {
          continue;
        }
        double[] y = new double[labels];
        for (Label l : correct) {
          int pos = task.labels().indexOf(l);
          if (pos >= 0) {
            y[pos] = 1.0 / correct.size();
          }
        }
        xs.add(vector(docs.get(i)));
        ys.add(y);
      }
      double[] w = new double[labels * dim];
      weights[task.index()] = w;
      if (xs.isEmpty()) {
        continue;
      }
      train(w, labels, dim, xs, ys, epochs, random);
    }
    return this;
  }

  /** The predicted label of {@code task} for image {@code index} of {@code data}. */
  Label predict(ImatDataset data, int index, Task task) {
    List<String> f = tokenizer.features(data.image(index));
    List<Integer> ids = new ArrayList<>();
    for (String s : f) {
      Integer id = vocabulary.get(s);
      if (id != null) {
        ids.add(id);
      }
    }
    double[] w = weights[task.index()];
    if (w == null) {
      return priors.top(task);
    }
    Sparse x = vector(ids.stream().mapToInt(Integer::intValue).toArray());
    int dim = vocabulary.size() + 1;
    double[] z = scores(w, task.labels().size(), dim, x);
    int best = 0;
    for (int k = 1; k < z.length; k++) {
      if (z[k] > z[best]) {
        best = k;
      }
    }
    return task.labels().get(best);
  }

  private Sparse vector(int[] ids) {
    double norm = 0;
    double[] v = new double[ids.length];
    for (int k = 0; k < ids.length; k++) {
      v[k] = idf[ids[k]]; // sublinear tf of a 0/1 count is 1
      norm += v[k] * v[k];
    }
    norm = Math.sqrt(norm);
    for (int k = 0; k < v.length; k++) {
      v[k] /= norm;
    }
    return new Sparse(ids, v);
  }

  private static double[] scores(double[] w, int labels, int dim, Sparse x) {
    double[] z = new double[labels];
    for (int k = 0; k < labels; k++) {
      int base = k * dim;
      double s = w[base + dim - 1]; // intercept
      for (int q = 0; q < x.ids.length; q++) {
        s += w[base + x.ids[q]] * x.values[q];
      }
      z[k] = s;
    }
    return z;
  }

  /**
   * Minimises mean cross-entropy + ||w||² / (2 C n) (sklearn's objective divided by n) with AdaGrad
   * over shuffled examples; the penalty is applied lazily to the touched coordinates.
   */
  private void train(
      double[] w,
      int labels,
      int dim,
      List<Sparse> xs,
      List<double[]> ys,
      int epochs,
      SplittableRandom random) {
    int n = xs.size();
    double lambda = 1.0 / (c * n);
    double[] g2 = new double[w.length];
    double lr = 0.5;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int e = 0; e < epochs; e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i : order) {
        Sparse x = xs.get(i);
        double[] y = ys.get(i);
        double[] z = scores(w, labels, dim, x);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < labels; k++) {
          z[k] = Math.exp(z[k] - max);
          sum += z[k];
        }
        for (int k = 0; k < labels; k++) {
          double delta = z[k] / sum - y[k];
          int base = k * dim;
          for (int q = 0; q < x.ids.length; q++) {
            int idx = base + x.ids[q];
            double g = delta * x.values[q] + lambda * w[idx];
            g2[idx] += g * g;
            w[idx] -= lr * g / (Math.sqrt(g2[idx]) + 1e-8);
          }
          int b = base + dim - 1;
          g2[b] += delta * delta;
          w[b] -= lr * delta / (Math.sqrt(g2[b]) + 1e-8);
        }
      }
    }
  }

  private record Sparse(int[] ids, double[] values) {}
}
