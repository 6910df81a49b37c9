package io.imat.spark;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.imat.models.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Ships a saved model to the executors: the driver zips the model directory (a single model, or the
 * {@code fold-N} models of a cross-validation, without their checkpoints) into one file named after
 * its content and hands it to {@link JavaSparkContext#addFile(String)}, which serves it to every
 * executor; an executor unpacks it once into its own cache.
 */
final class ModelArchive {
  /** Archives handed to a context already: application id and archive path. */
  private static final Set<String> SHIPPED = ConcurrentHashMap.newKeySet();

  private ModelArchive() {}

  /**
   * Zips the model at {@code location} (local or Hadoop) into this JVM's archive directory (once
   * per content: the driver's file server serves it from there for as long as the context lives),
   * adds it to {@code sc} and returns the archive's file name (what {@link
   * org.apache.spark.SparkFiles#get} finds).
   */
  static synchronized String ship(JavaSparkContext sc, String location, Path scratch)
      throws IOException {
    Path dir = localModelDir(location, scratch.resolve("model"), sc.hadoopConfiguration());
    List<Path> files = modelFiles(dir);
    Hasher h = Hashing.murmur3_128().newHasher();
    for (Path f : files) {
      h.putUnencodedChars(dir.relativize(f).toString());
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          h.putBytes(buf, 0, n);
        }
      }
    }
    String name = "imat-model-" + h.hash() + ".zip";
    Path zip = archives().resolve(name);
    if (!Files.exists(zip)) {
      Path tmp = zip.resolveSibling(name + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream z = new ZipOutputStream(out)) {
        // The weights barely compress: the fastest level saves the driver seconds per job.
        z.setLevel(1);
        for (Path f : files) {
          z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, z);
          z.closeEntry();
        }
      }
      Files.move(tmp, zip, StandardCopyOption.ATOMIC_MOVE);
    }
    // Once per context: adding it again would be a no-op for Spark, with a warning.
    if (SHIPPED.add(sc.sc().applicationId() + " " + zip)) {
      sc.addFile(zip.toUri().toString());
    }
    return name;
  }

  private static @org.jspecify.annotations.Nullable Path archives;

  /** This JVM's archive directory, deleted when the JVM exits. */
  private static Path archives() throws IOException {
    if (archives == null) {
      Path dir = Files.createTempDirectory("imat-spark-models-");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      deleteTree(dir);
                    } catch (IOException e) {
                      // Best effort at exit: a temporary directory.
                    }
                  }));
      archives = dir;
    }
    return archives;
  }

  /**
   * The model files: {@code model.json} and its siblings, or those of every {@code fold-N}
   * directory holding a {@code model.json}.
   */
  static List<Path> modelFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.exists(dir.resolve(TrainedModel.CONFIG))) {
      addRegularFiles(dir, files);
    } else {
      for (Path fold : foldDirs(dir)) {
        addRegularFiles(fold, files);
      }
    }
    if (files.isEmpty()) {
      throw new java.nio.file.NoSuchFileException(
          dir.toString(), null, "not a model directory (no model.json, no fold-N/model.json)");
    }
    return files;
  }

  /**
   * The fold models of a cross-validated model directory, in the order {@code imat predict}
   * averages them (by name).
   */
  static List<Path> foldDirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(d -> d.getFileName().toString().matches("fold-\\d+"))
          .filter(d -> Files.exists(d.resolve(TrainedModel.CONFIG)))
          .sorted()
          .toList();
    }
  }

  /** Unpacks {@code zip} into {@code target} (made complete under a temporary name first). */
  static void unpack(Path zip, Path target) throws IOException {
    Path tmp =
        target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) {
          throw new IOException(zip + ": entry outside the archive: " + e.getName());
        }
        Files.createDirectories(out.getParent());
        Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileAlreadyExistsException
        | java.nio.file.DirectoryNotEmptyException raced) {
      // Another JVM on this machine unpacked the same archive first: same content.
      deleteTree(tmp);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path localModelDir(String location, Path scratch, Configuration conf)
      throws IOException {
    if (HadoopIo.isLocal(location)) {
      return HadoopIo.localPath(location);
    }
    org.apache.hadoop.fs.Path src = HadoopIo.hadoopPath(location);
    src.getFileSystem(conf)
        .copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(scratch.toUri()), true);
    return scratch;
  }

  private static void addRegularFiles(Path dir, List<Path> files) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(files::add);
    }
  }
}
