package io.imat.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.common.collect.ImmutableList;
import io.imat.models.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;

/**
 * The models of one executor JVM: a shipped model is unpacked and loaded by the first task that
 * needs it and shared by every later task in the JVM (inference only reads the weights, and
 * PyTorch's autograd switch is per thread). A model no task uses any more is closed when another
 * model is asked for, so a long-lived driver in local mode does not accumulate models.
 */
final class ExecutorModels {
  private static final Map<String, Entry> CACHE = new HashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorModels() {}

  /** A loaded model (or the fold models of a cross-validated one); {@link #close} releases it. */
  static final class Lease implements AutoCloseable {
    private final Entry entry;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** The models: one, or one per fold in {@code imat predict}'s order. */
    ImmutableList<TrainedModel> models() {
      return entry.models;
    }

    @Override
    public void close() {
      synchronized (ExecutorModels.class) {
        entry.users--;
      }
    }
  }

  private static final class Entry {
    final ImmutableList<TrainedModel> models;
    int users;

    Entry(ImmutableList<TrainedModel> models) {
      this.models = models;
    }
  }

  /**
   * Sets PyTorch's intra-op threads to {@code threads}. The engine is loaded first: setting the
   * threads of an engine not yet loaded fails with an {@code UnsatisfiedLinkError} on a fresh JVM.
   */
  static void computeThreads(int threads) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
  }

  /** The model shipped as {@code archive}, loading it if this JVM has not yet. */
  static synchronized Lease acquire(String archive) throws IOException {
    Entry e = CACHE.get(archive);
    if (e == null) {
      evictUnused();
      e = new Entry(load(archive));
      CACHE.put(archive, e);
    }
    e.users++;
    return new Lease(e);
  }

  /** How many models this JVM has loaded (for tests: once per JVM, not once per task). */
  static int loads() {
    return LOADS.get();
  }

  private static ImmutableList<TrainedModel> load(String archive) throws IOException {
    Path zip = Path.of(SparkFiles.get(archive));
    Path dir =
        Path.of(SparkFiles.getRootDirectory(), archive.replace(".zip", ""))
            .toAbsolutePath()
            .normalize();
    if (!Files.exists(dir)) {
      ModelArchive.unpack(zip, dir);
    }
    List<Path> dirs =
        Files.exists(dir.resolve(TrainedModel.CONFIG)) ? List.of(dir) : ModelArchive.foldDirs(dir);
    List<TrainedModel> models = new ArrayList<>();
    try {
      for (Path d : dirs) {
        models.add(TrainedModel.load(d));
        LOADS.incrementAndGet();
      }
    } catch (IOException | RuntimeException ex) {
      models.forEach(TrainedModel::close);
      throw ex;
    }
    return ImmutableList.copyOf(models);
  }

  private static void evictUnused() {
    CACHE
        .entrySet()
        .removeIf(
            en -> {
              if (en.getValue().users > 0) {
                return false;
              }
              en.getValue().models.forEach(TrainedModel::close);
              return true;
            });
  }
}
