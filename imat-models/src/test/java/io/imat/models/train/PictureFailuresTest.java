package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonParser;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training fails loudly instead of training on nothing. */
class PictureFailuresTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir.resolve("data"), 60);
  }

  @Test
  void aFolderWithoutThePicturesStopsTrainingAtOnce() {
    PictureSet wrong = PictureSet.of(synth.train(), dir.resolve("nowhere"));
    assertThatThrownBy(() -> Fixtures.tinyClassifier().epochs(1).build().train(wrong, null))
        .isInstanceOf(UnreadablePicturesException.class)
        .hasMessageContaining("none of the " + synth.train().size() + " training pictures")
        .hasMessageContaining(dir.resolve("nowhere").toString());
  }

  @Test
  void tooManyUndecodablePicturesStopTrainingAndNameThem() throws Exception {
    Path broken = copyPictures(dir.resolve("broken"));
    // Every third picture becomes garbage that only looks like a JPEG at first.
    int spoiled = 0;
    int i = 0;
    try (Stream<Path> files = Files.list(broken)) {
      for (Path f : files.sorted().toList()) {
        if (i++ % 3 == 0) {
          Files.write(f, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
          spoiled++;
        }
      }
    }
    PictureSet pics = PictureSet.of(synth.train(), broken);
    assertThatThrownBy(() -> Fixtures.tinyClassifier().epochs(1).build().train(pics, null))
        .isInstanceOf(UnreadablePicturesException.class)
        .hasMessageContaining("could not be decoded")
        .hasMessageContaining("more than the 5.0 % allowed")
        .hasMessageContaining(broken.toString())
        .satisfies(e -> assertThat(((UnreadablePicturesException) e).examples()).isNotEmpty());
    // A higher limit lets the run go on, and the history counts them.
    try (TrainedModel m =
        Fixtures.tinyClassifier().epochs(1).maxUnreadableShare(0.5).build().train(pics, null)) {
      EpochStats e = m.history().epochs().get(0);
      assertThat(e.unreadablePictures()).isPositive().isLessThanOrEqualTo(spoiled);
      assertThat(e.images()).isPositive();
    }
  }

  @Test
  void picturesOnAnyNioFileSystemAreRead() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path images = fs.getPath("/pictures");
      Files.createDirectories(images);
      try (Stream<Path> files = Files.list(dir.resolve("data/images"))) {
        for (Path f : files.toList()) {
          Files.copy(f, images.resolve(f.getFileName().toString()));
        }
      }
      try (TrainedModel m =
          Fixtures.tinyClassifier()
              .epochs(1)
              .build()
              .train(PictureSet.of(synth.train(), images), null)) {
        EpochStats e = m.history().epochs().get(0);
        assertThat(e.images()).isEqualTo(PictureSet.of(synth.train(), images).available());
        assertThat(e.unreadablePictures()).isZero();
      }
    }
  }

  @Test
  void aNonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path checkpoints = dir.resolve("diverged");
    // A sane warm-up, then an absurd fine-tuning rate: the weights blow up after one step.
    var c =
        Fixtures.tinyClassifier()
            .pretrained(dir.resolve("w.h5"))
            .epochs(3)
            .warmupEpochs(1)
            .adam(1e30)
            .checkpoints(checkpoints)
            .build();
    Fixtures.tinyWeights(dir.resolve("w.h5"), 5);
    assertThatThrownBy(() -> c.train(Fixtures.train(synth, dir.resolve("data")), null))
        .isInstanceOfSatisfying(
            TrainingDivergedException.class,
            e -> {
              assertThat(e.epoch()).isEqualTo(2);
              assertThat(e.batch()).isBetween(1, 4);
              assertThat(e.getMessage())
                  .contains("training diverged", "epoch 2", "checkpoint of epoch 1");
            });
    var state =
        JsonParser.parseString(Files.readString(checkpoints.resolve(Checkpoint.STATE)))
            .getAsJsonObject();
    assertThat(state.get("epoch").getAsInt()).isEqualTo(1);
  }

  private static Path copyPictures(Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(dir.resolve("data/images"))) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
