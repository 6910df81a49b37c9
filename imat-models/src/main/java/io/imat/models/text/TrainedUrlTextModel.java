package io.imat.models.text;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained URL text model: predicts a probability for every label of every image from its mirror
 * URLs alone, and saves to / loads from a model directory.
 *
 * <pre>{@code
 * TrainedUrlTextModel model = TrainedUrlTextModel.load(Path.of("text-model"));
 * Predictions p = model.predict(ImatDataset.load(Path.of("fgvc4_iMat.test.image.json")));
 * }</pre>
 *
 * Predictions carry the training priors ({@link TaskPriors#fromDataset}) and a row for every image,
 * even one without URLs (it gets the model's answer for "no words", close to the priors). Instances
 * are immutable after construction and safe to share between threads.
 */
public final class TrainedUrlTextModel {
  /** The file a model directory holds; see {@link #save} for its format. */
  public static final String FILE_NAME = "url-text-model.bin";

  private final UrlTextModel config;
  private final TaskPriors priors;
  private final TextNetwork net;
  private final int trainingImages;

  TrainedUrlTextModel(UrlTextModel config, TaskPriors priors, TextNetwork net, int trainingImages) {
    this.config = config;
    this.priors = priors;
    this.net = net;
    this.trainingImages = trainingImages;
  }

  /**
   * Loads a model saved by {@link #save}: {@code path} is the model directory or the model file.
   *
   * @throws io.imat.api.io.InvalidDataException if the file is not a text model, is of another
   *     format version, or is truncated or corrupt
   */
  public static TrainedUrlTextModel load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    return UrlTextModelFile.read(file);
  }

  /**
   * Saves to {@code dir}/{@value #FILE_NAME} atomically (the directory is created). The format,
   * versioned, is described in {@code UrlTextModelFile}: magic {@code IMATTEXT}, version, a JSON
   * header (taxonomy, priors, configuration) and the non-zero embedding rows and output layer as
   * little-endian float32.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    UrlTextModelFile.write(this, dir.resolve(FILE_NAME));
  }

  /** The configuration the model was trained with. */
  public UrlTextModel config() {
    return config;
  }

  /** The label space. */
  public Taxonomy taxonomy() {
    return net.layout.taxonomy();
  }

  /** The per-task priors of the training data, carried by every prediction. */
  public TaskPriors priors() {
    return priors;
  }

  /** Number of annotated images the model was trained on. */
  public int trainingImages() {
    return trainingImages;
  }

  /**
   * The probabilities of every label for {@code image}, in taxonomy label order (see the class
   * comment for what a value means when a label belongs to several tasks).
   */
  public float[] predict(ImageRecord image) {
    return net.row(FeatureHashing.buckets(config.tokenizer().features(image), net.buckets));
  }

  /** Predictions for every image of {@code data}. */
  public Predictions predict(ImatDataset data) {
    return predict(data, ProgressListener.none());
  }

  /**
   * Predictions for every image of {@code data} (whose taxonomy must equal the model's), with
   * progress.
   *
   * @throws IllegalArgumentException if {@code data} uses another taxonomy
   */
  public Predictions predict(ImatDataset data, ProgressListener progress) {
    checkSameLabels(data.taxonomy());
    Predictions.Builder b =
        Predictions.builder(taxonomy(), priors)
            .metadata("model", "url-text")
            .metadata("dimension", String.valueOf(config.dimension()))
            .metadata("buckets", String.valueOf(config.buckets()))
            .metadata("epochs", String.valueOf(config.epochs()))
            .metadata("seed", String.valueOf(config.seed()));
    try (Progress p = progress.start("text predict", data.size())) {
      for (ImageRecord image : data.images()) {
        b.put(image.id(), predict(image));
        p.step();
      }
    }
    return b.build();
  }

  private void checkSameLabels(Taxonomy other) {
    Taxonomy mine = taxonomy();
    boolean same = other.taskCount() == mine.taskCount() && other.labelCount() == mine.labelCount();
    for (int t = 0; same && t < mine.taskCount(); t++) {
      same = mine.tasks().get(t).id().equals(other.tasks().get(t).id());
    }
    for (int l = 0; same && l < mine.labelCount(); l++) {
      same = mine.labels().get(l).id().equals(other.labels().get(l).id());
    }
    if (!same) {
      throw new IllegalArgumentException(
          String.format(
              "the data uses another taxonomy (%d tasks, %d labels) than the model (%d, %d)",
              other.taskCount(), other.labelCount(), mine.taskCount(), mine.labelCount()));
    }
  }

  // For the file writer and tests.
  TextNetwork network() {
    return net;
  }

  @Override
  public String toString() {
    return String.format(
        "TrainedUrlTextModel{%d training images, %s, %s}", trainingImages, config, taxonomy());
  }
}
