package io.imat.models.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap from a clean cache directory, in a fresh JVM (the engine loads once per JVM): the
 * three libraries are extracted, the engine starts offline and computes.
 */
@Tag("tensorflow")
class TensorFlowNativesTest {
  @TempDir Path dir;

  @Test
  void engineStartsFromACleanCacheDirectory() throws Exception {
    Path cache = dir.resolve("cache");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                TensorFlowChild.class.getName(),
                cache.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile());
    pb.environment().remove(TensorFlowNatives.LIBRARY_PATH_PROPERTY);
    Process child = pb.start();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(log).isZero();
    assertThat(log).contains("ENGINE TensorFlow 2.10.1").contains("SUM 6.0");
    assertThat(log).contains("LIBRARY_PATH " + cache.toAbsolutePath());
    for (String lib : TensorFlowNatives.LIBRARIES) {
      assertThat(cache.resolve(lib)).isRegularFile();
    }
    // A second extraction into the completed folder rewrites nothing.
    long before = Files.getLastModifiedTime(cache.resolve("libtensorflow_cc.so.2")).toMillis();
    TensorFlowNatives.extract(cache);
    assertThat(Files.getLastModifiedTime(cache.resolve("libtensorflow_cc.so.2")).toMillis())
        .isEqualTo(before);
  }
}
