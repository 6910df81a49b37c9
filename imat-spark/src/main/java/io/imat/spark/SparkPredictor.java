package io.imat.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.dataset.UnknownIdPolicy;
import io.imat.api.predict.Predictions;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.PredictOptions;
import io.imat.models.TrainedModel;
import io.imat.models.cv.Averager;
import io.imat.models.data.Batch;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import java.io.IOException;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch prediction and embedding on Spark: the pictures of a dataset are split into partitions,
 * each predicted by a task with the trained model shipped to the executors (loaded once per
 * executor JVM, PyTorch threads = the task's CPUs, batched); each task attempt writes its rows to a
 * file of its own, and the driver merges the files of the attempts Spark accepted, in dataset
 * order, into one {@code .pred} file (or {@link Embeddings} file). A retried or speculative attempt
 * therefore never duplicates a row, and the result equals {@code imat predict} on one machine.
 *
 * <pre>{@code
 * try (JavaSparkContext sc = ImatSpark.start("spark://master:7077", "predict")) {
 *   Predictions p = SparkPredictor.builder().model("hdfs:///models/resnet50").tta(true).build()
 *       .predict(sc, "hdfs:///imat/test.json", "hdfs:///imat/test-images", "hdfs:///imat/test.pred");
 * }
 * }</pre>
 *
 * <p>Locations are plain paths, {@code file:} URIs or any Hadoop file system URI. A local path must
 * be the same on every machine (a shared mount) except in local mode. The part files go to a
 * directory next to the output ({@code OUT.parts-<id>}), deleted once merged.
 */
public final class SparkPredictor {
  private static final Logger log = LoggerFactory.getLogger(SparkPredictor.class);

  private final String model;
  private final boolean tta;
  private final int batchSize;
  private final int partitions;

  private SparkPredictor(Builder b) {
    this.model = b.model;
    this.tta = b.tta;
    this.batchSize = b.batchSize;
    this.partitions = b.partitions;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Predicts every readable picture of the dataset file {@code data} (train, validation or test
   * format) from the directory {@code pictures} ({@code <imageId>.jpg}) and writes the merged
   * predictions to {@code out}. Images whose picture is missing get no row, as with {@link
   * TrainedModel#predict}.
   */
  public Predictions predict(JavaSparkContext sc, String data, String pictures, String out)
      throws IOException {
    return run(sc, data, pictures, out, false).predictions;
  }

  /**
   * Writes the backbone features (global-average-pooled, after the backbone's own preprocessing at
   * the model's input size) of every readable picture to {@code out}. A cross-validated model
   * embeds with its first fold model.
   */
  public Embeddings embed(JavaSparkContext sc, String data, String pictures, String out)
      throws IOException {
    return run(sc, data, pictures, out, true).embeddings;
  }

  private static final class Outcome {
    Predictions predictions;
    Embeddings embeddings;
  }

  private Outcome run(
      JavaSparkContext sc, String data, String pictures, String out, boolean embedding)
      throws IOException {
    Configuration hadoop = sc.hadoopConfiguration();
    Path scratch = Files.createTempDirectory("imat-spark-driver-");
    String staging = out + ".parts-" + UUID.randomUUID();
    try {
      List<String> ids = imageIds(data, scratch, hadoop);
      String archive = ModelArchive.ship(sc, model, scratch);
      List<List<String>> slices =
          slices(ids, partitions > 0 ? partitions : sc.defaultParallelism(), batchSize);
      PartTask task =
          new PartTask(
              archive, pictures, staging, tta, batchSize, embedding, HadoopIo.overrides(hadoop));
      // One slice per partition (parallelize spreads k elements over k partitions one each).
      List<Part> parts = sc.parallelize(slices, slices.size()).mapPartitions(task::run).collect();
      log.info("{} parts predicted, merging into {}", parts.size(), out);
      Outcome o = new Outcome();
      Path merged = scratch.resolve("merged");
      if (embedding) {
        o.embeddings = mergeEmbeddings(parts, staging, scratch, hadoop);
        o.embeddings.write(merged);
      } else {
        o.predictions = mergePredictions(parts, staging, scratch, hadoop);
        o.predictions.write(merged);
      }
      HadoopIo.publish(merged, out, hadoop);
      return o;
    } finally {
      FileSystem fs = HadoopIo.fileSystem(staging, hadoop);
      fs.delete(HadoopIo.hadoopPath(staging), true);
      ModelArchive.deleteTree(scratch);
    }
  }

  /**
   * At most {@code n} contiguous slices of {@code ids}, each a whole number of batches (but the
   * last): every batch then holds the same images as on one machine, so the numbers are the same
   * bit for bit (a convolution may round differently for another batch size).
   */
  static List<List<String>> slices(List<String> ids, int n, int batchSize) {
    int batches = Math.max(1, (ids.size() + batchSize - 1) / batchSize);
    int slices = Math.max(1, Math.min(n, batches));
    List<List<String>> out = new ArrayList<>();
    int from = 0;
    for (int s = 0; s < slices; s++) {
      int batchesHere = batches / slices + (s < batches % slices ? 1 : 0);
      int to = Math.min(ids.size(), from + batchesHere * batchSize);
      out.add(new ArrayList<>(ids.subList(from, to)));
      from = to;
    }
    return out;
  }

  /** The image ids of a dataset file, in file order (the taxonomy does not matter for ids). */
  static List<String> imageIds(String data, Path scratch, Configuration hadoop) throws IOException {
    Path file = HadoopIo.localCopy(data, scratch.resolve("data"), hadoop);
    ImatDataset d =
        ImatDataset.loader()
            .taxonomy(Taxonomy.imaterialist2017())
            .unknownIds(UnknownIdPolicy.SKIP)
            .load(file);
    return d.images().stream().map(ImageRecord::id).toList();
  }

  private static Predictions mergePredictions(
      List<Part> parts, String staging, Path scratch, Configuration hadoop) throws IOException {
    Predictions.Builder b = null;
    Predictions first = null;
    float[] row = null;
    for (Part part : sorted(parts)) {
      Path local = HadoopIo.localCopy(HadoopIo.resolve(staging, part.file()), scratch, hadoop);
      Predictions p = Predictions.read(local);
      Files.deleteIfExists(local);
      if (b == null) {
        first = p;
        b = Predictions.builder(p.taxonomy(), p.priors());
        row = new float[p.taxonomy().labelCount()];
      }
      for (int r = 0; r < p.size(); r++) {
        p.copyRow(r, row);
        // put() rejects an image twice: the merge is its own check that no row is duplicated.
        b.put(p.imageIds().get(r), row);
      }
    }
    checkNotNull(b, "no parts");
    first.metadata().forEach(b::metadata);
    return b.build();
  }

  private static Embeddings mergeEmbeddings(
      List<Part> parts, String staging, Path scratch, Configuration hadoop) throws IOException {
    Embeddings.Builder b = null;
    for (Part part : sorted(parts)) {
      Path local = HadoopIo.localCopy(HadoopIo.resolve(staging, part.file()), scratch, hadoop);
      Embeddings e = Embeddings.read(local);
      Files.deleteIfExists(local);
      if (b == null) {
        b = Embeddings.builder(e.dimension());
        e.metadata().forEach(b::metadata);
      }
      for (int r = 0; r < e.size(); r++) {
        b.put(e.imageIds().get(r), e.row(r));
      }
    }
    return checkNotNull(b, "no parts").build();
  }

  private static List<Part> sorted(List<Part> parts) {
    List<Part> s = new ArrayList<>(parts);
    s.sort(java.util.Comparator.comparingInt(Part::partition));
    for (int i = 0; i < s.size(); i++) {
      // Spark returns exactly one accepted result per partition.
      checkArgument(s.get(i).partition() == i, "part %s missing or twice", i);
    }
    return s;
  }

  /** What one accepted task attempt wrote: its partition, its file (under the staging dir). */
  record Part(int partition, String file, int rows) implements Serializable {}

  /** The work of one partition, shipped to the executors (plain strings and numbers only). */
  private record PartTask(
      String archive,
      String pictures,
      String staging,
      boolean tta,
      int batchSize,
      boolean embedding,
      HashMap<String, String> hadoopSettings)
      implements Serializable {

    Iterator<Part> run(Iterator<List<String>> slices) throws IOException {
      TaskContext tc = TaskSupport.context();
      ExecutorModels.computeThreads(tc.cpus());
      List<String> ids = new ArrayList<>();
      slices.forEachRemaining(ids::addAll);
      Path scratch = TaskSupport.scratch("predict");
      Configuration hadoop = HadoopIo.taskConf(hadoopSettings);
      try (ExecutorModels.Lease lease = ExecutorModels.acquire(archive)) {
        TrainedModel first = lease.models().get(0);
        ImatDataset.Builder db = ImatDataset.builder(first.taxonomy());
        ids.forEach(id -> db.addImage(id));
        PictureSet set = PictureSet.of(db.build(), picturesFor(ids, scratch, hadoop));
        String name = TaskSupport.attemptFile(tc, "part", embedding ? ".emb" : ".pred");
        Path file = scratch.resolve(name);
        int rows;
        if (embedding) {
          Embeddings e = embed(first, set);
          e.write(file);
          rows = e.size();
        } else {
          Predictions p = predict(lease.models(), set);
          p.write(file);
          rows = p.size();
        }
        TaskSupport.check(tc);
        // The attempt's file appears under its final, attempt-unique name in one step.
        HadoopIo.publish(file, HadoopIo.resolve(staging, name), hadoop);
        TaskSupport.faultPoint(tc, "predict:published");
        return List.of(new Part(tc.partitionId(), name, rows)).iterator();
      }
    }

    private Path picturesFor(List<String> ids, Path scratch, Configuration hadoop)
        throws IOException {
      if (HadoopIo.isLocal(pictures)) {
        return HadoopIo.localPath(pictures);
      }
      // Pictures on a remote file system: this partition's, copied to local scratch space.
      Path dir = Files.createDirectories(scratch.resolve("pictures"));
      FileSystem fs = HadoopIo.fileSystem(pictures, hadoop);
      for (String id : ids) {
        org.apache.hadoop.fs.Path src =
            HadoopIo.hadoopPath(HadoopIo.resolve(pictures, id + ".jpg"));
        if (fs.exists(src)) {
          fs.copyToLocalFile(
              false, src, new org.apache.hadoop.fs.Path(dir.resolve(id + ".jpg").toUri()), true);
        }
      }
      return dir;
    }

    private Predictions predict(List<TrainedModel> models, PictureSet set) {
      PredictOptions options =
          PredictOptions.builder()
              .tta(tta)
              .batchSize(batchSize)
              .progress(TaskSupport.stopWhenKilled())
              .build();
      if (models.size() == 1) {
        return models.get(0).predict(set, options);
      }
      // A cross-validated model: the fold average, as CrossValidation.averageFolds computes it.
      Averager average = new Averager(models.get(0).taxonomy(), models.get(0).priors());
      for (TrainedModel m : models) {
        average.add(m.predict(set, options));
      }
      return average.build();
    }

    private Embeddings embed(TrainedModel model, PictureSet set) {
      TaskContext tc = TaskSupport.context();
      int side = model.imageSize();
      Embeddings.Builder out = null;
      boolean grad = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try (NDManager manager = NDManager.newBaseManager(model.device(), "PyTorch");
          BatchPipeline batches =
              BatchPipeline.builder(set)
                  .batchSize(batchSize)
                  .side(side)
                  .preprocessing(model.backbone().preprocessing())
                  .threads(Math.max(1, tc.cpus()))
                  .build()) {
        ParameterStore store = new ParameterStore(manager, false);
        while (batches.hasNext()) {
          TaskSupport.check(tc);
          Batch b = batches.next();
          int n = b.size();
          if (n == 0) {
            continue;
          }
          try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(b.pixels()), new Shape(n, 3, side, side));
            NDArray f =
                model.network().backbone().forward(store, new NDList(x), false).singletonOrThrow();
            int dim = (int) (f.size() / n);
            float[] values = f.toFloatArray();
            if (out == null) {
              out = Embeddings.builder(dim);
              out.metadata("backbone", model.backbone().name());
              out.metadata("imageSize", String.valueOf(side));
            }
            for (int r = 0; r < n; r++) {
              float[] row = new float[dim];
              System.arraycopy(values, r * dim, row, 0, dim);
              out.put(b.imageIds().get(r), row);
            }
          }
        }
      } finally {
        JniUtils.setGradMode(grad);
      }
      return out == null ? Embeddings.builder(0).build() : out.build();
    }
  }

  /** Options of a {@link SparkPredictor}. */
  public static final class Builder {
    private String model;
    private boolean tta;
    private int batchSize = PredictOptions.DEFAULT_BATCH_SIZE;
    private int partitions;

    private Builder() {}

    /**
     * The model directory written by {@code imat train} or {@link TrainedModel#save}: one model, or
     * {@code fold-N} models whose predictions are averaged (as {@code imat predict} does).
     */
    public Builder model(String location) {
      this.model = checkNotNull(location);
      return this;
    }

    /** Like {@link #model(String)} for a local directory. */
    public Builder model(Path dir) {
      return model(dir.toAbsolutePath().toString());
    }

    /** Test-time augmentation with the mirrored picture (default off). */
    public Builder tta(boolean value) {
      this.tta = value;
      return this;
    }

    /** Pictures per forward pass (default {@value PredictOptions#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int value) {
      checkArgument(value >= 1, "batch size must be positive, got %s", value);
      this.batchSize = value;
      return this;
    }

    /** Partitions (tasks); default 0: Spark's default parallelism. */
    public Builder partitions(int value) {
      checkArgument(value >= 0, "negative partitions");
      this.partitions = value;
      return this;
    }

    /** Builds the predictor. */
    public SparkPredictor build() {
      checkArgument(model != null, "set a model");
      return new SparkPredictor(this);
    }
  }
}
