package io.imat.models.tensorflow;

import ai.djl.engine.Engine;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's TensorFlow engine from the natives on the class path, without any download.
 *
 * <p>Why this exists: the only TensorFlow natives of DJL 0.28 on Maven Central ({@code
 * ai.djl.tensorflow:tensorflow-native-cpu:2.10.1:linux-x86_64}) declare themselves a CUDA build in
 * {@code native/lib/tensorflow.properties}, so DJL rejects them on a CPU machine and tries to
 * download others. They run fine on a CPU, so this class extracts their three libraries ({@code
 * libjnitensorflow.so}, {@code libtensorflow_cc.so.2}, {@code libtensorflow_framework.so.2}) into a
 * cache directory once and points the system property {@code TENSORFLOW_LIBRARY_PATH} there before
 * the engine is first asked for. That property is the JVM-wide once-only state: when it (or the
 * environment variable of the same name) is already set, it is respected and nothing is extracted.
 *
 * <p>Always ask for the engine by name: training code uses "PyTorch", and both are on the path.
 */
public final class TensorFlowNatives {
  /** DJL's name of the TensorFlow engine. */
  public static final String ENGINE = "TensorFlow";

  /** The TensorFlow version of the natives. */
  public static final String VERSION = "2.10.1";

  /** The system property (and environment variable) DJL reads the library folder from. */
  public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";

  /** The system property that overrides {@link #defaultCacheDir()}. */
  public static final String CACHE_PROPERTY = "imat.tensorflow.cache";

  /** The libraries extracted, in the order they depend on each other (last first). */
  public static final ImmutableList<String> LIBRARIES =
      ImmutableList.of(
          "libtensorflow_framework.so.2", "libtensorflow_cc.so.2", "libjnitensorflow.so");

  private static final Logger LOG = LoggerFactory.getLogger(TensorFlowNatives.class);
  private static final String RESOURCE_DIR = "native/lib/";
  private static final String MARKER = ".imat-complete";

  private TensorFlowNatives() {}

  /**
   * Where the libraries go unless told otherwise: the system property {@value #CACHE_PROPERTY}, or
   * {@code ~/.cache/imat/tensorflow-2.10.1-cpu}.
   */
  public static Path defaultCacheDir() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(
        System.getProperty("user.home"), ".cache", "imat", "tensorflow-" + VERSION + "-cpu");
  }

  /** The TensorFlow engine, its natives extracted to {@link #defaultCacheDir()} if needed. */
  public static Engine engine() throws IOException {
    return engine(defaultCacheDir());
  }

  /**
   * The TensorFlow engine, its natives extracted to {@code cacheDir} if {@value
   * #LIBRARY_PATH_PROPERTY} is not yet set. Once the engine is loaded, later calls return it
   * whatever folder they name.
   *
   * @throws IllegalStateException if the TensorFlow engine or natives are not on the class path
   */
  public static synchronized Engine engine(Path cacheDir) throws IOException {
    if (!Engine.hasEngine(ENGINE)) {
      throw new IllegalStateException(
          "DJL's TensorFlow engine is not on the class path: add ai.djl.tensorflow:"
              + "tensorflow-engine, tensorflow-api and tensorflow-native-cpu (classifier"
              + " linux-x86_64), all optional dependencies of imat-models");
    }
    if (configuredLibraryPath() == null) {
      Path dir = extract(cacheDir);
      System.setProperty(LIBRARY_PATH_PROPERTY, dir.toAbsolutePath().toString());
    }
    return Engine.getEngine(ENGINE);
  }

  /** The folder DJL will load TensorFlow from, if one has been configured. */
  public static String configuredLibraryPath() {
    String p = System.getProperty(LIBRARY_PATH_PROPERTY);
    return p != null ? p : System.getenv(LIBRARY_PATH_PROPERTY);
  }

  /**
   * Extracts the libraries from the class path into {@code dir} unless a previous extraction there
   * completed (a marker file records it and the sizes are checked). Each file is written under a
   * temporary name and renamed, so a crash never leaves a truncated library behind.
   *
   * @return {@code dir}
   * @throws IllegalStateException if the native jar is not on the class path
   */
  public static Path extract(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (isComplete(dir)) {
      return dir;
    }
    LOG.info("Extracting TensorFlow {} natives to {} (once)", VERSION, dir);
    for (String lib : LIBRARIES) {
      URL url = resource(lib);
      Path target = dir.resolve(lib);
      if (Files.isRegularFile(target) && Files.size(target) == size(url)) {
        continue;
      }
      Path tmp = Files.createTempFile(dir, lib, ".part");
      try (InputStream in = url.openStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    Files.writeString(dir.resolve(MARKER), VERSION + "\n", StandardCharsets.UTF_8);
    return dir;
  }

  private static boolean isComplete(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(MARKER))) {
      return false;
    }
    for (String lib : LIBRARIES) {
      Path p = dir.resolve(lib);
      if (!Files.isRegularFile(p) || Files.size(p) != size(resource(lib))) {
        return false;
      }
    }
    return true;
  }

  private static URL resource(String lib) {
    URL url = TensorFlowNatives.class.getClassLoader().getResource(RESOURCE_DIR + lib);
    if (url == null) {
      throw new IllegalStateException(
          RESOURCE_DIR
              + lib
              + " is not on the class path: add ai.djl.tensorflow:tensorflow-native-cpu:"
              + VERSION
              + " with classifier linux-x86_64");
    }
    return url;
  }

  private static long size(URL url) throws IOException {
    return url.openConnection().getContentLengthLong();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
