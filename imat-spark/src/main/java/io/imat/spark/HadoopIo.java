package io.imat.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Locations given as strings: a plain path or a {@code file:} URI is a local path (on every
 * machine: a local directory in local mode, a shared mount on a cluster); anything else ({@code
 * hdfs://}, {@code s3a://}, ...) goes through Hadoop's FileSystem API, files being copied to and
 * from local scratch space, since the model and picture code reads local files.
 */
final class HadoopIo {
  private HadoopIo() {}

  /**
   * The settings of the driver's Hadoop configuration ({@code sc.hadoopConfiguration()}: Hadoop's
   * defaults, the application's {@code spark.hadoop.*} and whatever it set in code) that differ
   * from Hadoop's defaults, for tasks: a bare {@code new Configuration()} on an executor would miss
   * file system implementations and credentials.
   */
  static HashMap<String, String> overrides(Configuration driver) {
    Configuration defaults = new Configuration();
    HashMap<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : driver) {
      if (!Objects.equals(defaults.getRaw(e.getKey()), e.getValue())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** A task's Hadoop configuration: Hadoop's defaults with the driver's {@link #overrides}. */
  static Configuration taskConf(Map<String, String> overrides) {
    Configuration conf = new Configuration();
    overrides.forEach(conf::set);
    return conf;
  }

  /** Whether {@code location} is on the local file system. */
  static boolean isLocal(String location) {
    return location.startsWith("file:") || !location.contains("://");
  }

  /** The local path of a local {@code location}. */
  static Path localPath(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /** The Hadoop path of {@code location}. */
  static org.apache.hadoop.fs.Path hadoopPath(String location) {
    return new org.apache.hadoop.fs.Path(location);
  }

  /** The file system of {@code location}. */
  static FileSystem fileSystem(String location, Configuration conf) throws IOException {
    return hadoopPath(location).getFileSystem(conf);
  }

  /** {@code child} under the directory {@code location}. */
  static String resolve(String location, String child) {
    return location.endsWith("/") ? location + child : location + "/" + child;
  }

  /**
   * A local copy of the file at {@code location}: the file itself when local, else a copy in {@code
   * scratch}.
   */
  static Path localCopy(String location, Path scratch, Configuration conf) throws IOException {
    if (isLocal(location)) {
      return localPath(location);
    }
    org.apache.hadoop.fs.Path src = hadoopPath(location);
    Path dst = scratch.resolve(src.getName());
    Files.createDirectories(scratch);
    src.getFileSystem(conf).copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dst.toUri()));
    return dst;
  }

  /**
   * Puts the local file {@code file} at {@code location} in one step for readers: copied next to it
   * under a temporary name, then renamed (replacing what was there).
   */
  static void publish(Path file, String location, Configuration conf) throws IOException {
    if (isLocal(location)) {
      Path target = localPath(location).toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path tmp =
          target.resolveSibling(".imat-tmp-" + UUID.randomUUID() + "-" + target.getFileName());
      Files.copy(file, tmp);
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    org.apache.hadoop.fs.Path dst = hadoopPath(location);
    FileSystem fs = dst.getFileSystem(conf);
    org.apache.hadoop.fs.Path tmp =
        new org.apache.hadoop.fs.Path(dst.getParent(), ".imat-tmp-" + UUID.randomUUID());
    fs.mkdirs(dst.getParent());
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()), tmp);
    fs.delete(dst, false);
    if (!fs.rename(tmp, dst)) {
      fs.delete(tmp, false);
      throw new IOException(location + ": could not rename " + tmp + " into place");
    }
  }
}
