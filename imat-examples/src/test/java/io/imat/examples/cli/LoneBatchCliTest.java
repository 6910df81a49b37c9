package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run found by a long training on tiny data: ResNet-18 at 32 px ends in a 1x1 map, and in the
 * second epoch the shuffle left one readable picture for the last batch (its other slots were
 * pictures gone for good), which PyTorch's batch norm refuses to train on ("Expected more than 1
 * value per channel"). Such a lone picture is now left out of the epoch.
 */
class LoneBatchCliTest {
  @TempDir Path dir;

  @Test
  void aLastBatchOfOneReadablePictureDoesNotStopTraining() {
    Path data = dir.resolve("data");
    CliRun s =
        CliRun.of("synth", "--out", data.toString(), "--images", "300", "--image-size", "48");
    assertThat(s.exitCode()).as(s.err()).isZero();
    CliRun t =
        CliRun.of(
            "train",
            "--backbone",
            "resnet18",
            "--weights",
            "none",
            "--data",
            data.resolve("fgvc4_iMat.train.data.json").toString(),
            "--images",
            data.resolve("images").toString(),
            "--size",
            "32",
            "--epochs",
            "2",
            "--threads",
            "1",
            "--batch",
            "16",
            "--no-augment",
            "--out",
            dir.resolve("model").toString());
    assertThat(t.exitCode()).as(t.err()).isZero();
    assertThat(dir.resolve("model/weights.params")).isRegularFile();
  }
}
