package io.imat.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.imat.api.io.FileWriteException;
import io.imat.models.train.Checkpoint;
import io.imat.testing.faults.ReadOnlyDirectory;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving a model and writing checkpoints on a disk that fills up (jimfs with a maximum size) and
 * into a read-only directory: a {@link FileWriteException} naming the file, the previous model or
 * checkpoint intact (byte for byte, loadable, resumable), no temporary file left behind.
 */
class ModelWritersDiskTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path data;
  static TrainedModel first;
  static TrainedModel second;

  @BeforeAll
  static void models() throws Exception {
    data = dir.resolve("data");
    synth = Fixtures.synth(data, 60);
    first = classifier(1).epochs(1).build().train(train(), valid());
    second = classifier(2).epochs(1).build().train(train(), valid());
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
  }

  static Classifier.Builder classifier(long seed) {
    return Fixtures.tinyClassifier().seed(seed);
  }

  static io.imat.models.data.PictureSet train() {
    return Fixtures.train(synth, data);
  }

  static io.imat.models.data.PictureSet valid() {
    return Fixtures.validation(synth, data);
  }

  @Test
  void modelSaveOnAFullDiskKeepsThePreviousModel() throws Exception {
    Path sized = dir.resolve("sized");
    first.save(sized);
    long size = totalSize(sized);
    int failures = 0;
    int successes = 0;
    // Every disk size from "the first model barely fits" to "both fit": the second save either
    // replaces the model or fails before it changed any file.
    for (long max = size + 4096; max < 2 * size + 16384; max += 4096) {
      try (FileSystem fs = fullAt(max)) {
        Path model = fs.getPath("/models/a");
        try {
          first.save(model);
        } catch (FileWriteException e) {
          continue;
        }
        Map<String, String> before = contents(model);
        FileWriteException e =
            catchThrowableOfType(FileWriteException.class, () -> second.save(model));
        if (e == null) {
          successes++;
          assertThat(contents(model).get(TrainedModel.WEIGHTS))
              .isNotEqualTo(before.get(TrainedModel.WEIGHTS));
          continue;
        }
        failures++;
        assertThat(e.target().getParent()).isEqualTo(model);
        assertThat(e.getMessage())
            .startsWith(e.target() + ": cannot write: out of disk space")
            .endsWith("(the previous file is unchanged)");
        assertThat(contents(model)).as("disk of %d bytes", max).containsExactlyEntriesOf(before);
      }
    }
    assertThat(failures).as("disk sizes at which the second save failed").isPositive();
    assertThat(successes).as("disk sizes at which it fitted").isPositive();
  }

  @Test
  void modelSaveInAReadOnlyDirectoryKeepsThePreviousModel() throws Exception {
    Path model = dir.resolve("read-only-model");
    first.save(model);
    Map<String, String> before = contents(model);
    Optional<ReadOnlyDirectory> ro = ReadOnlyDirectory.of(model);
    assumeTrue(ro.isPresent(), "no way to make a directory read-only here");
    try (ReadOnlyDirectory r = ro.get()) {
      FileWriteException e =
          catchThrowableOfType(FileWriteException.class, () -> second.save(model));
      assertThat(e).isNotNull();
      assertThat(e.getMessage())
          .startsWith(model.resolve(TrainedModel.WEIGHTS) + ": cannot write: ")
          .endsWith("(the previous file is unchanged)");
      assertThat(contents(model)).containsExactlyEntriesOf(before);
    }
    try (TrainedModel loaded = TrainedModel.load(model, List.of(Fixtures.TINY))) {
      assertThat(loaded.predict(valid()).imageIds()).isNotEmpty();
    }
  }

  @Test
  void checkpointOnAFullDiskFailsAndTheLastCompleteOneResumesExactly() throws Exception {
    // The reference: two epochs on a disk with room.
    Path refCkpt = dir.resolve("reference-ckpt");
    byte[] reference;
    try (TrainedModel m =
        classifier(3).epochs(2).checkpoints(refCkpt).build().train(train(), valid())) {
      Path saved = dir.resolve("reference-model");
      m.save(saved);
      reference = Files.readAllBytes(saved.resolve(TrainedModel.WEIGHTS));
    }
    // A disk with room for one epoch's checkpoint and half another: epoch 2's files do not fit
    // beside epoch 1's (they are deleted only once epoch 2's checkpoint is complete).
    long size = totalSize(refCkpt);
    try (FileSystem fs = fullAt(size + size / 2)) {
      Path ckpt = fs.getPath("/ckpt");
      FileWriteException e =
          catchThrowableOfType(
              FileWriteException.class,
              () -> classifier(3).epochs(2).checkpoints(ckpt).build().train(train(), valid()));
      assertThat(e).as("the second epoch's checkpoint should not fit").isNotNull();
      assertThat(e.target().getParent()).isEqualTo(ckpt);
      assertThat(e.target().getFileName().toString()).matches("(epoch|adam|best)-0002\\..*");
      assertThat(e.getMessage()).contains("out of disk space");
      assertThat(Files.readString(ckpt.resolve(Checkpoint.STATE))).contains("\"epoch\":1");
      // The checkpoint of epoch 1, moved to a disk with room, resumes to the reference.
      Path moved = dir.resolve("moved-ckpt");
      Files.createDirectories(moved);
      for (Path f : list(ckpt)) {
        assertThat(f.getFileName().toString()).doesNotStartWith(".imat-tmp-");
        Files.copy(f, moved.resolve(f.getFileName().toString()));
      }
      try (TrainedModel m =
          classifier(3).epochs(2).checkpoints(moved).resume(true).build().train(train(), valid())) {
        assertThat(m.history().epochs()).hasSize(2);
        Path saved = dir.resolve("resumed-model");
        m.save(saved);
        assertThat(Files.readAllBytes(saved.resolve(TrainedModel.WEIGHTS))).isEqualTo(reference);
      }
    }
  }

  @Test
  void checkpointInAReadOnlyDirectoryFailsAndKeepsThePreviousCheckpoint() throws Exception {
    Path ckpt = dir.resolve("read-only-ckpt");
    try (TrainedModel m =
        classifier(4).epochs(1).checkpoints(ckpt).build().train(train(), valid())) {
      assertThat(m.history().epochs()).hasSize(1);
    }
    Map<String, String> before = contents(ckpt);
    Optional<ReadOnlyDirectory> ro = ReadOnlyDirectory.of(ckpt);
    assumeTrue(ro.isPresent(), "no way to make a directory read-only here");
    try (ReadOnlyDirectory r = ro.get()) {
      FileWriteException e =
          catchThrowableOfType(
              FileWriteException.class,
              () -> classifier(5).epochs(1).checkpoints(ckpt).build().train(train(), valid()));
      assertThat(e).isNotNull();
      assertThat(e.target().getParent()).isEqualTo(ckpt);
      assertThat(e.getMessage()).startsWith(e.target() + ": cannot write: ");
      assertThat(contents(ckpt)).containsExactlyEntriesOf(before);
    }
  }

  private static FileSystem fullAt(long maxBytes) {
    return Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setBlockSize(4096).setMaxSize(maxBytes).build());
  }

  private static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  private static long totalSize(Path d) throws IOException {
    long n = 0;
    for (Path f : list(d)) {
      n += Files.size(f);
    }
    return n;
  }

  // Every file of the directory (temporary ones included) with its size and SHA-256.
  private static Map<String, String> contents(Path d) throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    for (Path f : list(d)) {
      byte[] bytes = Files.readAllBytes(f);
      m.put(
          f.getFileName().toString(),
          bytes.length
              + " bytes, sha256 "
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }
    return m;
  }
}
