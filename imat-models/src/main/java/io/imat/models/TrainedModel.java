package io.imat.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.api.taxonomy.TaxonomyJson;
import io.imat.models.backbone.Backbone;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.train.Checkpoint;
import io.imat.models.train.ComputeThreads;
import io.imat.models.train.Inference;
import io.imat.models.train.Network;
import io.imat.models.train.PyTorchEnvironment;
import io.imat.models.train.SeededInit;
import io.imat.models.train.TrainingHistory;
import io.imat.models.train.TrainingRun;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained image model: predicts {@link Predictions} for pictures (optionally with test-time
 * augmentation: the average with the horizontally flipped picture), and saves to / loads from a
 * directory ({@code model.json} with backbone, head, input size, taxonomy and training priors;
 * {@code weights.params}; {@code history.json}). Holds native memory: close it.
 */
public final class TrainedModel implements AutoCloseable {
  /** The configuration file of a saved model. */
  public static final String CONFIG = "model.json";

  /** The weights file of a saved model. */
  public static final String WEIGHTS = "weights.params";

  /** The training history file of a saved model. */
  public static final String HISTORY = "history.json";

  private final Model model;
  private final Network network;
  private final Backbone backbone;
  private final Head head;
  private final int imageSize;
  private final Taxonomy taxonomy;
  private final TaskPriors priors;
  private final TrainingHistory history;
  private final JsonObject training;
  private final int loaderThreads;

  TrainedModel(
      Model model,
      Network network,
      Backbone backbone,
      Head head,
      int imageSize,
      Taxonomy taxonomy,
      TaskPriors priors,
      TrainingHistory history,
      JsonObject training,
      int loaderThreads) {
    this.model = model;
    this.network = network;
    this.backbone = backbone;
    this.head = head;
    this.imageSize = imageSize;
    this.taxonomy = taxonomy;
    this.priors = priors;
    this.history = history;
    this.training = training;
    this.loaderThreads = loaderThreads;
  }

  /** Predicts every readable picture of {@code pictures} with {@link PredictOptions#defaults()}. */
  public Predictions predict(PictureSet pictures) {
    return predict(pictures, PredictOptions.defaults());
  }

  /**
   * Predicts every readable picture of {@code pictures} on the model's device; with test-time
   * augmentation each row is the mean of the picture's and its mirror image's probabilities. Images
   * whose picture is missing get no row: the predictions' training priors answer for them.
   */
  public Predictions predict(PictureSet pictures, PredictOptions options) {
    Inference inference =
        new Inference(
            network,
            head,
            taxonomy,
            imageSize,
            backbone.preprocessing(),
            options.batchSize(),
            loaderThreads);
    Predictions p;
    // Initialises this thread's PyTorch thread count from the engine's default, never from a
    // training's that runs on another thread (see ComputeThreads).
    try (ComputeThreads threads = ComputeThreads.enter(0)) {
      p =
          inference
              .run(pictures, model.getNDManager(), priors, options.tta(), false, options.progress())
              .predictions();
    }
    return p.withMetadata(
        java.util.Map.of(
            "model", "image",
            "backbone", backbone.name(),
            "head", head.name(),
            "imageSize", String.valueOf(imageSize),
            "tta", String.valueOf(options.tta())));
  }

  /** The device the model's weights live on, where it predicts. */
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /** The backbone. */
  public Backbone backbone() {
    return backbone;
  }

  /** The head. */
  public Head head() {
    return head;
  }

  /** The input side. */
  public int imageSize() {
    return imageSize;
  }

  /** The label space. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** The training priors carried into predictions. */
  public TaskPriors priors() {
    return priors;
  }

  /** The training history (empty for models loaded without one). */
  public TrainingHistory history() {
    return history;
  }

  /** The network (for feature extraction or inspection). */
  public Network network() {
    return network;
  }

  /**
   * Saves to {@code dir} (created if needed). All files are written completely before any of them
   * replaces a file of an earlier save, the config last: a full disk or a read-only directory fails
   * with a {@link io.imat.api.io.FileWriteException} naming the file and leaves a model saved there
   * before unchanged and loadable.
   */
  public void save(Path dir) throws IOException {
    try (AtomicFiles.Staged files = new AtomicFiles.Staged()) {
      files.add(dir.resolve(WEIGHTS), Checkpoint.paramsWriter(network));
      files.add(dir.resolve(HISTORY), history.toJson().toString().getBytes(StandardCharsets.UTF_8));
      files.add(dir.resolve(CONFIG), configJson().toString().getBytes(StandardCharsets.UTF_8));
      files.commit();
    }
  }

  private JsonObject configJson() {
    JsonObject o = new JsonObject();
    o.addProperty("format", "imat-model");
    o.addProperty("version", 1);
    o.addProperty("backbone", backbone.name());
    o.addProperty("head", head.name());
    o.addProperty("dropout", head.dropout());
    o.addProperty("imageSize", imageSize);
    o.add("taxonomy", TaxonomyJson.toJson(taxonomy));
    o.add("priors", priors.toJson());
    o.add("training", training);
    return o;
  }

  /** Loads a model saved by {@link #save} with a built-in backbone, on the CPU. */
  public static TrainedModel load(Path dir) throws IOException {
    return load(dir, List.of());
  }

  /**
   * Loads a model saved by {@link #save} with a built-in backbone onto {@code device} (for example
   * {@code Device.gpu(0)}; DJL's device API, which needs PyTorch natives for that device).
   */
  public static TrainedModel load(Path dir, Device device) throws IOException {
    return load(dir, List.of(), device);
  }

  /**
   * Loads a model saved by {@link #save} on the CPU; {@code custom} lists backbones made with
   * {@link Backbone#of} that the model may use (matched by name before the built-in ones).
   */
  public static TrainedModel load(Path dir, List<Backbone> custom) throws IOException {
    return load(dir, custom, Device.cpu());
  }

  /** Like {@link #load(Path, List)}, onto {@code device}. */
  public static TrainedModel load(Path dir, List<Backbone> custom, Device device)
      throws IOException {
    Path configFile = dir.resolve(CONFIG);
    String source = configFile.toString();
    if (!Files.exists(configFile)) {
      throw new NoSuchFileException(
          configFile.toString(), null, "no model.json: not a saved imat model directory");
    }
    JsonObject o;
    Backbone backbone;
    Head head;
    int size;
    Taxonomy taxonomy;
    TaskPriors priors;
    try {
      o = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
      if (!"imat-model".equals(o.get("format").getAsString())) {
        throw new IllegalArgumentException("format is " + o.get("format"));
      }
      String name = o.get("backbone").getAsString();
      backbone =
          custom.stream()
              .filter(b -> b.name().equals(name))
              .findFirst()
              .orElseGet(() -> Backbone.named(name));
      head = Head.named(o.get("head").getAsString()).withDropout(o.get("dropout").getAsFloat());
      size = o.get("imageSize").getAsInt();
      taxonomy = TaxonomyJson.fromJson(o.get("taxonomy"), source);
      priors = TaskPriors.fromJson(taxonomy, o.get("priors"), source);
    } catch (RuntimeException | CharacterCodingException e) {
      throw new InvalidDataException(
          source, "", "not a valid model config: " + InvalidDataException.reason(e), e);
    }
    TrainingHistory history =
        Files.exists(dir.resolve(HISTORY))
            ? TrainingHistory.read(dir.resolve(HISTORY))
            : new TrainingHistory(List.of(), 0);
    PyTorchEnvironment.prepare();
    Model model = Model.newInstance("imat-" + backbone.name(), device, TrainingRun.ENGINE);
    try {
      Network net = new Network(backbone.newBlock(), head.newBlock(taxonomy));
      model.setBlock(net);
      SeededInit.initialize(net, model.getNDManager(), new Shape(1, 3, size, size));
      Checkpoint.readParams(net, model.getNDManager(), dir.resolve(WEIGHTS));
      JsonObject training = o.has("training") ? o.getAsJsonObject("training") : new JsonObject();
      return new TrainedModel(
          model,
          net,
          backbone,
          head,
          size,
          taxonomy,
          priors,
          history,
          training,
          Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return String.format(
        "TrainedModel{%s, %s head, %d px, %d labels}",
        backbone.name(), head.name(), imageSize, taxonomy.labelCount());
  }
}
