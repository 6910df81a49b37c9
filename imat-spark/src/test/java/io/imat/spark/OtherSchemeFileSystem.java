package io.imat.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@value #SCHEME}: a location {@code imatfs:///tmp/x} is
 * the local file {@code /tmp/x}, but imat treats it as remote, so that tests take the Hadoop
 * FileSystem API path that {@code hdfs://} and {@code s3a://} take, without a Hadoop cluster.
 * Registered with {@code spark.hadoop.fs.imatfs.impl}.
 */
public class OtherSchemeFileSystem extends RawLocalFileSystem {
  /** The scheme. */
  public static final String SCHEME = "imatfs";

  /** Hadoop instantiates file systems by reflection. */
  public OtherSchemeFileSystem() {}

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** {@code file} as a location on this file system. */
  static String location(java.nio.file.Path file) {
    return SCHEME + "://" + file.toAbsolutePath();
  }
}
