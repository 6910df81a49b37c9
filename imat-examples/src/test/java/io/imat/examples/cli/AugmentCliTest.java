package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.augment.image.BufferedImages;
import io.imat.examples.bench.AugmentBenchmark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
            "--warmup",
            "0",
            "--no-reference",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    var results = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("results");
    assertThat(results).hasSize(2);
    for (var e : results) {
      JsonObject row = e.getAsJsonObject();
      assertThat(row.get("size").getAsInt()).isEqualTo(64);
      assertThat(row.get("imagesPerSecond").getAsDouble()).isPositive();
      assertThat(row.has("referenceImagesPerSecond")).isFalse();
    }
  }

  @Test
  void benchAugmentAlternatesWithTheReferenceAndReportsTheRatio() throws Exception {
    // The stand-in answers with a fixed throughput and logs its arguments: the ratio is checkable.
    Path calls = dir.resolve("calls.txt");
    Path python = fakePython(calls, "$2 $3 $4", 10.0);
    CliRun r =
        CliRun.of(
            "bench",
            "augment",
            "--sizes",
            "48",
            "--threads",
            "1,2",
            "--runs",
            "2",
            "--seconds",
            "0.1",
            "--rounds",
            "3",
            "--warmup",
            "0",
            "--python",
            python.toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    var results = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("results");
    JsonObject one = results.get(0).getAsJsonObject();
    assertThat(one.get("threads").getAsInt()).isEqualTo(1);
    // Three rounds of two runs each, all in one row; the reference ran once per round.
    assertThat(one.getAsJsonArray("runs")).hasSize(6);
    assertThat(Files.readAllLines(calls)).containsExactly("48 0.1 2", "48 0.1 2", "48 0.1 2");
    assertThat(one.get("referenceImagesPerSecond").getAsDouble()).isEqualTo(10.0);
    assertThat(one.get("ratioToReference").getAsDouble()).isPositive();
    assertThat(one.get("reference").getAsString()).contains(python.toString());
    JsonObject two = results.get(1).getAsJsonObject();
    assertThat(two.get("threads").getAsInt()).isEqualTo(2);
    assertThat(two.has("referenceImagesPerSecond")).isFalse();
  }

  /**
   * A stand-in interpreter (a real child process) that "imports" anything and answers every script
   * run with a fixed throughput, after appending {@code logged} (shell words: {@code $1} is the
   * script) to {@code calls}.
   */
  private Path fakePython(Path calls, String logged, double imagesPerSecond) throws Exception {
    Path python = dir.resolve("fake-python");
    Files.writeString(
        python,
        "#!/bin/sh\n"
            + "if [ \"$1\" = \"-c\" ]; then exit 0; fi\n"
            + "echo \""
            + logged
            + "\" >> '"
            + calls
            + "'\n"
            + "echo 'warming up'\n"
            + "echo '{\"imagesPerSecond\": "
            + imagesPerSecond
            + "}'\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    return python;
  }

  @Test
  void benchAugmentRunsImgaugItselfWhenItsSourceIsGiven() throws Exception {
    Path calls = dir.resolve("calls.txt");
    Path python = fakePython(calls, "$(basename $1) $2 $3 $4 $5", 4.0);
    Path imgaug = dir.resolve("imgaug-0.4.0");
    Files.createDirectories(imgaug.resolve("imgaug"));
    Files.writeString(imgaug.resolve("imgaug").resolve("__init__.py"), "__version__ = '0.4.0'\n");
    CliRun r =
        CliRun.of(
            "bench",
            "augment",
            "--sizes",
            "40",
            "--threads",
            "1",
            "--runs",
            "1",
            "--seconds",
            "0.1",
            "--rounds",
            "2",
            "--warmup",
            "0",
            "--python",
            python.toString(),
            "--imgaug",
            imgaug.toString(),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject row =
        JsonParser.parseString(r.out())
            .getAsJsonObject()
            .getAsJsonArray("results")
            .get(0)
            .getAsJsonObject();
    // The imgaug script, given the source directory, once per round.
    assertThat(Files.readAllLines(calls))
        .hasSize(2)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("imat-reference_augment")
                    .endsWith(" 40 0.1 1 " + imgaug.toAbsolutePath()));
    assertThat(row.get("referenceImagesPerSecond").getAsDouble()).isEqualTo(4.0);
    assertThat(row.get("reference").getAsString()).contains("imgaug 0.4.0 itself");
    assertThat(row.getAsJsonArray("roundRatios")).hasSize(2);
    double ratio = row.get("ratioToReference").getAsDouble();
    assertThat(ratio).isPositive();
  }

  @Test
  void benchAugmentRejectsAnImgaugDirectoryWithoutImgaug() {
    CliRun r =
        CliRun.of("bench", "augment", "--sizes", "32", "--imgaug", dir.toString(), "--runs", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("imgaug/__init__.py");
  }

  @Test
  void benchAugmentWithoutAUsablePythonSaysSoAndStillMeasures() {
    CliRun r =
        CliRun.of(
            "bench",
            "augment",
            "--sizes",
            "32",
            "--threads",
            "1",
            "--runs",
            "1",
            "--seconds",
            "0.1",
            "--warmup",
            "0",
            "--python",
            dir.resolve("no-such-python").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("no OpenCV/numpy reference").contains("seed pipeline   32 px");
  }
}
