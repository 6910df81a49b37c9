package io.imat.models.text;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.folds.Folds;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The configuration of the URL text model — the "leak": image URLs often name the attributes
 * ({@code .../dress-midi-10.jpg}), and for pictures that are gone the URL is all there is.
 *
 * <p>The model is a fastText-style classifier: the {@link UrlTokenizer} features of all mirror URLs
 * of an image are hashed into {@link Builder#buckets} embedding rows of {@link Builder#dimension}
 * floats, their mean feeds one softmax head per task (over the task's labels) and one over the
 * apparels, trained with AdaGrad on the cross-entropy of every annotated task. Training on 50,000
 * URLs takes seconds on one core; the same data, options and seed give the same model.
 *
 * <pre>{@code
 * TrainedUrlTextModel model = UrlTextModel.builder().epochs(10).seed(42).build().train(train);
 * Predictions p = model.predict(test);          // a row for every image: the URL always exists
 * model.save(Path.of("text-model"));
 * }</pre>
 *
 * Instances are immutable.
 */
public final class UrlTextModel {
  private final UrlTokenizer tokenizer;
  private final int dimension;
  private final int buckets;
  private final int epochs;
  private final double learningRate;
  private final long seed;

  private UrlTextModel(Builder b) {
    this.tokenizer = b.tokenizer;
    this.dimension = b.dimension;
    this.buckets = b.buckets;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
  }

  /** A builder with defaults that do well on URL text (see each option). */
  public static Builder builder() {
    return new Builder();
  }

  /** The tokenizer. */
  public UrlTokenizer tokenizer() {
    return tokenizer;
  }

  /** Embedding size. */
  public int dimension() {
    return dimension;
  }

  /** Number of hash buckets (embedding rows). */
  public int buckets() {
    return buckets;
  }

  /** Passes over the training data. */
  public int epochs() {
    return epochs;
  }

  /** AdaGrad learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** Seed of initialisation and shuffling. */
  public long seed() {
    return seed;
  }

  /** A builder initialised with this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .tokenizer(tokenizer)
        .dimension(dimension)
        .buckets(buckets)
        .epochs(epochs)
        .learningRate(learningRate)
        .seed(seed);
  }

  /** Trains on the annotated images of {@code train}. */
  public TrainedUrlTextModel train(ImatDataset train) {
    return train(train, ProgressListener.none());
  }

  /**
   * Trains on the annotated images of {@code train}, reporting one step per epoch (with the mean
   * loss) to {@code progress}. The model's priors are {@code TaskPriors.fromDataset(train)}. A
   * taxonomy without (complete) task–label lists is completed from {@code train} first ({@link
   * ImatDataset#withCompleteTaxonomy()}); tasks without annotations are then answered by their
   * priors.
   *
   * @throws IllegalArgumentException if {@code train} has no annotations
   */
  public TrainedUrlTextModel train(ImatDataset data, ProgressListener progress) {
    checkArgument(data.pairCount() > 0, "the training data has no annotated (image, task) pairs");
    ImatDataset train = data.withCompleteTaxonomy();
    Taxonomy taxonomy = train.taxonomy();
    HeadLayout layout = new HeadLayout(taxonomy);
    TaskPriors priors = TaskPriors.fromDataset(train);
    List<TextExample> examples = examples(train, layout);
    TextNetwork net = new TextNetwork(layout, buckets, dimension);
    SplittableRandom random = new SplittableRandom(seed);
    initialise(net, priors, apparelFrequencies(examples, layout), random);
    TextTrainer trainer = new TextTrainer(net, learningRate);
    int[] order = new int[examples.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    try (Progress p = progress.start("text model epochs", epochs)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        shuffle(order, random);
        double loss = 0;
        for (int i : order) {
          loss += trainer.step(examples.get(i));
        }
        p.message(String.format("loss %.4f", loss / Math.max(1, order.length)));
        p.step();
      }
    }
    return new TrainedUrlTextModel(this, priors, net, examples.size());
  }

  /**
   * Out-of-fold predictions: for each fold, a model trained on the other folds predicts the fold's
   * images. Every image of {@code folds.dataset()} gets a row from a model that never saw it — what
   * {@link io.imat.models.ensemble.WeightFitter} and honest leak reports need. The priors are those
   * of the whole dataset.
   */
  public Predictions outOfFold(Folds folds, ProgressListener progress) {
    ImatDataset all = folds.dataset();
    Taxonomy taxonomy = all.taxonomy();
    float[][] rows = new float[all.size()][];
    try (Progress p = progress.start("text model folds", folds.k())) {
      for (int f = 0; f < folds.k(); f++) {
        TrainedUrlTextModel m = train(folds.train(f));
        for (int i : folds.validationIndexes(f)) {
          rows[i] = m.predict(all.image(i));
        }
        p.step();
      }
    }
    Predictions.Builder b =
        Predictions.builder(taxonomy, TaskPriors.fromDataset(all))
            .metadata("model", "url-text (out of fold)")
            .metadata("folds", String.valueOf(folds.k()));
    for (int i = 0; i < rows.length; i++) {
      b.put(all.image(i).id(), rows[i]);
    }
    return b.build();
  }

  private List<TextExample> examples(ImatDataset train, HeadLayout layout) {
    Taxonomy taxonomy = train.taxonomy();
    List<TextExample> out = new ArrayList<>(train.size());
    for (int i = 0; i < train.size(); i++) {
      int n = train.taskCount(i);
      if (n == 0) {
        continue; // nothing to learn from an image without ground truth
      }
      int[] tasks = new int[n];
      float[][] targets = new float[n][];
      int[] k = {0};
      train.forEachPair(
          i,
          (task, labelIndexes) -> {
            float[] y = new float[task.labels().size()];
            int correct = 0;
            for (int l : labelIndexes) {
              int pos = task.labels().indexOf(taxonomy.labels().get(l));
              if (pos >= 0) {
                y[pos] = 1f;
                correct++;
              }
            }
            if (correct == 0) {
              return; // a label outside the task's list: skip rather than learn noise
            }
            for (int q = 0; q < y.length; q++) {
              y[q] /= correct;
            }
            tasks[k[0]] = task.index();
            targets[k[0]] = y;
            k[0]++;
          });
      Optional<Apparel> apparel = train.apparel(i);
      int[] features = FeatureHashing.buckets(tokenizer.features(train.image(i)), buckets);
      out.add(
          new TextExample(
              features,
              java.util.Arrays.copyOf(tasks, k[0]),
              java.util.Arrays.copyOf(targets, k[0]),
              apparel.map(a -> layout.apparels().indexOf(a)).orElse(-1)));
    }
    return out;
  }

  private static double[] apparelFrequencies(List<TextExample> examples, HeadLayout layout) {
    double[] f = new double[layout.apparels().size()];
    for (TextExample e : examples) {
      if (e.apparel() >= 0) {
        f[e.apparel()]++;
      }
    }
    return f;
  }

  /**
   * Output weights small and random (the embedding starts at zero, so they break the symmetry and
   * untouched buckets stay zero, which keeps saved models small); biases at the log priors, so an
   * image without words starts out predicting the training frequencies.
   */
  private void initialise(
      TextNetwork net, TaskPriors priors, double[] apparelCounts, SplittableRandom random) {
    float scale = (float) (1.0 / Math.sqrt(net.dim));
    for (int k = 0; k < net.weights.length; k++) {
      net.weights[k] = (float) ((random.nextDouble() * 2 - 1) * scale);
    }
    for (Task t : net.layout.taxonomy().tasks()) {
      float[] prior = priors.distribution(t);
      for (int k = 0; k < prior.length; k++) {
        net.bias[net.layout.taskOffset(t.index()) + k] = (float) StrictMath.log(prior[k] + 1e-3);
      }
    }
    double total = 0;
    for (double c : apparelCounts) {
      total += c;
    }
    for (int a = 0; a < apparelCounts.length; a++) {
      double share = total > 0 ? apparelCounts[a] / total : 1.0 / apparelCounts.length;
      net.bias[net.layout.apparelOffset() + a] = (float) StrictMath.log(share + 1e-3);
    }
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Override
  public String toString() {
    return String.format(
        "UrlTextModel{dim %d, %d buckets, %d epochs, lr %s, seed %d, %s}",
        dimension, buckets, epochs, learningRate, seed, tokenizer);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlTextModel m
        && m.tokenizer.equals(tokenizer)
        && m.dimension == dimension
        && m.buckets == buckets
        && m.epochs == epochs
        && m.learningRate == learningRate
        && m.seed == seed;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(tokenizer, dimension, buckets, epochs, learningRate, seed);
  }

  /** Options of the URL text model. */
  public static final class Builder {
    private UrlTokenizer tokenizer = UrlTokenizer.builder().charNgrams(3, 5).build();
    private int dimension = 32;
    private int buckets = 1 << 18;
    private int epochs = 10;
    private double learningRate = 0.2;
    private long seed = 42;

    private Builder() {}

    /** The tokenizer (default: words, word pairs and character 3- to 5-grams). */
    public Builder tokenizer(UrlTokenizer value) {
      this.tokenizer = requireNonNull(value, "tokenizer");
      return this;
    }

    /** Embedding size (default 32; URL vocabularies are small). */
    public Builder dimension(int value) {
      checkArgument(value >= 1 && value <= 1024, "dimension %s out of 1..1024", value);
      this.dimension = value;
      return this;
    }

    /**
     * Hash buckets, the number of embedding rows (default 2^18 = 262,144: few collisions for the
     * ~100k distinct word n-grams of the 2017 URLs; memory is buckets × dimension floats).
     */
    public Builder buckets(int value) {
      checkArgument(value >= 16 && value <= (1 << 24), "buckets %s out of 16..2^24", value);
      this.buckets = value;
      return this;
    }

    /** Passes over the training data (default 10). */
    public Builder epochs(int value) {
      checkArgument(value >= 1 && value <= 1000, "epochs %s out of 1..1000", value);
      this.epochs = value;
      return this;
    }

    /** AdaGrad learning rate (default 0.2). */
    public Builder learningRate(double value) {
      checkArgument(value > 0 && value <= 10, "learning rate %s out of (0, 10]", value);
      this.learningRate = value;
      return this;
    }

    /** Seed of initialisation and shuffling (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Builds the configuration. */
    public UrlTextModel build() {
      checkArgument(
          (long) buckets * dimension <= Integer.MAX_VALUE,
          "buckets x dimension = %s floats is too large",
          (long) buckets * dimension);
      return new UrlTextModel(this);
    }
  }
}
