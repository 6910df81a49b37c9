package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.augment.bench.AugmentBenchmark;
import io.imat.augment.image.BufferedImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentCliTest {
  @TempDir Path dir;

  @Test
  void writesAGalleryOfTheRequestedSamples() throws Exception {
    Path in = dir.resolve("in.png");
    ImageIO.write(
        BufferedImages.toBufferedImage(AugmentBenchmark.syntheticPicture(96, 80, 3)),
        "png",
        in.toFile());
    Path out = dir.resolve("gallery.png");
    CliRun r =
        CliRun.of("augment", "--in", in.toString(), "--out", out.toString(), "--n", "8", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("samples").getAsInt()).isEqualTo(8);
    BufferedImage gallery = ImageIO.read(out.toFile());
    assertThat(gallery.getWidth()).isGreaterThan(96);
    assertThat(gallery.getHeight()).isGreaterThan(80);
  }

  @Test
  void unknownPipelineIsBadUsageAndMissingPictureAFailure() {
    CliRun bad =
        CliRun.of(
            "augment",
            "--in",
            "x.png",
            "--out",
            dir.resolve("g.png").toString(),
            "--pipeline",
            "nope");
    assertThat(bad.exitCode()).isEqualTo(2);
    CliRun missing =
        CliRun.of("augment", "--in", dir.resolve("none.png").toString(), "--out", "g.png");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("none.png");
  }

  @Test
  void benchAugmentReportsEverySizeAndThreadCount() {
    CliRun r =
        CliRun.of(
            "bench",
            "augment",
            "--sizes",
            "64",
            "--threads",
            "1,2",
            "--runs",
            "1",
            "--seconds",
            "0.2",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    var results = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("results");
    assertThat(results).hasSize(2);
    for (var e : results) {
      JsonObject row = e.getAsJsonObject();
      assertThat(row.get("size").getAsInt()).isEqualTo(64);
      assertThat(row.get("imagesPerSecond").getAsDouble()).isPositive();
    }
  }
}
