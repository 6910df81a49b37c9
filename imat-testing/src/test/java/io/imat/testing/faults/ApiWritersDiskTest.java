package io.imat.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.FileWriteException;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.submission.Submission;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions ({@code .pred}) and submissions written to a disk that fills up (jimfs with a maximum
 * size, every size from "nothing fits" to "just does not fit") and to a read-only directory: a
 * {@link FileWriteException} naming the file, the previous file byte for byte intact, no temporary
 * file left behind.
 */
class ApiWritersDiskTest {
  static SyntheticDataset synth;
  static Predictions first;
  static Predictions second;

  @TempDir Path tmp;

  @BeforeAll
  static void data() {
    synth = SyntheticDataset.builder().images(60).imageSize(32).seed(4).build();
    first = predictions(1);
    second = predictions(2);
  }

  private static Predictions predictions(long seed) {
    ImatDataset train = synth.train();
    Predictions.Builder b = Predictions.builder(train.taxonomy(), TaskPriors.fromDataset(train));
    SplittableRandom random = new SplittableRandom(seed);
    for (var image : synth.test().images()) {
      float[] row = new float[train.taxonomy().labelCount()];
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextFloat();
      }
      b.put(image.id(), row);
    }
    return b.build();
  }

  /** Writes one version of a file. */
  interface Writer {
    void write(Path file, Predictions p) throws IOException;
  }

  private static final Writer PRED = (file, p) -> p.write(file);
  private static final Writer SUBMISSION = (file, p) -> Submission.write(file, p, synth.test());

  @Test
  void predictionsOnAFullDisk() throws Exception {
    fullDisk("valid.pred", PRED);
  }

  @Test
  void submissionOnAFullDisk() throws Exception {
    fullDisk("submission.csv", SUBMISSION);
  }

  @Test
  void predictionsInAReadOnlyDirectory() throws Exception {
    readOnly("valid.pred", PRED);
  }

  @Test
  void submissionInAReadOnlyDirectory() throws Exception {
    readOnly("submission.csv", SUBMISSION);
  }

  // For every disk size between "the first version barely fits" and "both fit", in 4 KB steps: the
  // second write either succeeds or fails cleanly with the first version intact.
  private void fullDisk(String name, Writer writer) throws Exception {
    long size = writtenSize(name, writer, first);
    int failures = 0;
    for (long max = size + 4096; max < 2 * size + 65536; max += 4096) {
      try (FileSystem fs =
          Jimfs.newFileSystem(
              Configuration.unix().toBuilder().setBlockSize(4096).setMaxSize(max).build())) {
        Path dir = fs.getPath("/out");
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        try {
          writer.write(file, first);
        } catch (FileWriteException e) {
          continue; // the first version does not fit either
        }
        byte[] before = Files.readAllBytes(file);
        FileWriteException e =
            catchThrowableOfType(FileWriteException.class, () -> writer.write(file, second));
        if (e == null) {
          assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
          continue;
        }
        failures++;
        assertThat(e.target()).isEqualTo(file);
        assertThat(e.getMessage())
            .startsWith(file + ": cannot write: ")
            .contains("out of disk space")
            .endsWith("(the previous file is unchanged)");
        assertThat(Files.readAllBytes(file)).as("max size " + max).isEqualTo(before);
        assertThat(listing(dir)).containsExactly(name);
      }
    }
    assertThat(failures).as("disk sizes at which the second write failed").isPositive();
  }

  private void readOnly(String name, Writer writer) throws Exception {
    Path dir = tmp.resolve("out");
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    writer.write(file, first);
    byte[] before = Files.readAllBytes(file);
    Optional<ReadOnlyDirectory> ro = ReadOnlyDirectory.of(dir);
    assumeTrue(ro.isPresent(), "no way to make a directory read-only here");
    try (ReadOnlyDirectory r = ro.get()) {
      FileWriteException e =
          catchThrowableOfType(FileWriteException.class, () -> writer.write(file, second));
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .startsWith(file + ": cannot write: ")
          .endsWith("(the previous file is unchanged)");
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
      assertThat(listing(dir)).containsExactly(name);
    }
  }

  private long writtenSize(String name, Writer writer, Predictions p) throws IOException {
    Path file = tmp.resolve("size-" + name);
    writer.write(file, p);
    return Files.size(file);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
