package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imat.testing.faults.ReadOnlyDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files met by the command line — a truncated or garbled {@code weights.params}, a truncated
 * {@code model.json} or {@code .pred}, a UTF-16 dataset file, a read-only output directory — end
 * with exit code 1 and one line on stderr naming the file and what is wrong, never a stack trace or
 * a bare exception name (the issue's {@code imat predict: EOFException}).
 */
class BadFilesCliTest {
  @TempDir static Path dir;
  static Path data;
  static Path model;
  static Path pred;

  @BeforeAll
  static void trainAndPredict() {
    data = dir.resolve("data");
    CliRun s = CliRun.of("synth", "--out", data.toString(), "--images", "40", "--image-size", "40");
    assertThat(s.exitCode()).as(s.err()).isZero();
    model = dir.resolve("model");
    CliRun t =
        CliRun.of(
            "train",
            "--data",
            f("fgvc4_iMat.train.data.json"),
            "--images",
            f("images"),
            "--backbone",
            "resnet18",
            "--size",
            "32",
            "--epochs",
            "1",
            "--threads",
            "1",
            "--no-augment",
            "--out",
            model.toString());
    assertThat(t.exitCode()).as(t.err()).isZero();
    pred = dir.resolve("test.pred");
    CliRun p = predict(model, f("fgvc4_iMat.test.image.json"), pred);
    assertThat(p.exitCode()).as(p.err()).isZero();
  }

  static String f(String name) {
    return data.resolve(name).toString();
  }

  static CliRun predict(Path modelDir, String images, Path out) {
    return CliRun.of(
        "predict",
        "--model",
        modelDir.toString(),
        "--data",
        images,
        "--images",
        f("images"),
        "--out",
        out.toString());
  }

  /** A copy of the model directory whose {@code name} is replaced by {@code content}. */
  private static Path modelWith(String copy, String name, byte[] content) throws Exception {
    Path m = dir.resolve(copy);
    Files.createDirectories(m);
    try (Stream<Path> files = Files.list(model)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Files.copy(p, m.resolve(p.getFileName().toString()));
      }
    }
    Files.write(m.resolve(name), content);
    return m;
  }

  /** Exit code 1, nothing on stdout, one line on stderr that contains every {@code part}. */
  private static void failsWithOneLine(CliRun r, String... parts) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    List<String> lines = r.err().strip().lines().toList();
    assertThat(lines).as(r.err()).hasSize(1);
    assertThat(lines.get(0)).contains(parts).doesNotContain("Exception:");
  }

  @Test
  void truncatedWeightsNameTheFile() throws Exception {
    byte[] w = Files.readAllBytes(model.resolve("weights.params"));
    for (int cut : new int[] {0, 7, w.length / 2, w.length - 1}) {
      Path m = modelWith("truncated-" + cut, "weights.params", Arrays.copyOf(w, cut));
      CliRun r = predict(m, f("fgvc4_iMat.test.image.json"), dir.resolve("t.pred"));
      failsWithOneLine(r, m.resolve("weights.params").toString());
    }
  }

  @Test
  void garbledWeightsNameTheFile() throws Exception {
    byte[] w = Files.readAllBytes(model.resolve("weights.params"));
    byte[] garbled = new byte[w.length];
    new SplittableRandom(3).nextBytes(garbled);
    Path m = modelWith("garbled", "weights.params", garbled);
    failsWithOneLine(
        predict(m, f("fgvc4_iMat.test.image.json"), dir.resolve("g.pred")),
        m.resolve("weights.params").toString());
  }

  @Test
  void truncatedModelJsonNamesTheFile() throws Exception {
    byte[] c = Files.readAllBytes(model.resolve("model.json"));
    Path m = modelWith("config", "model.json", Arrays.copyOf(c, c.length / 2));
    failsWithOneLine(
        predict(m, f("fgvc4_iMat.test.image.json"), dir.resolve("c.pred")),
        m.resolve("model.json").toString());
  }

  @Test
  void aUtf16DatasetIsNamedAsSuch() throws Exception {
    Path utf16 = dir.resolve("utf16.image.json");
    Files.write(
        utf16,
        Files.readString(data.resolve("fgvc4_iMat.test.image.json"))
            .getBytes(StandardCharsets.UTF_16));
    failsWithOneLine(
        predict(model, utf16.toString(), dir.resolve("u.pred")), utf16.toString(), "UTF-16");
  }

  @Test
  void aTruncatedPredictionsFileNamesTheFile() throws Exception {
    byte[] p = Files.readAllBytes(pred);
    Path cut = dir.resolve("cut.pred");
    Files.write(cut, Arrays.copyOf(p, p.length / 2));
    CliRun r =
        CliRun.of(
            "submit",
            "--pred",
            cut.toString(),
            "--data",
            f("fgvc4_iMat.test.image.json"),
            "--out",
            dir.resolve("cut.csv").toString());
    failsWithOneLine(r, cut.toString());
  }

  @Test
  void aReadOnlyOutputDirectoryKeepsThePreviousSubmission() throws Exception {
    Path out = dir.resolve("submissions");
    Files.createDirectories(out);
    Path csv = out.resolve("submission.csv");
    Files.writeString(csv, "the previous submission\n");
    Optional<ReadOnlyDirectory> ro = ReadOnlyDirectory.of(out);
    assumeTrue(ro.isPresent(), "no way to make a directory read-only here");
    try (ReadOnlyDirectory r = ro.get()) {
      CliRun s =
          CliRun.of(
              "submit",
              "--pred",
              pred.toString(),
              "--data",
              f("fgvc4_iMat.test.image.json"),
              "--out",
              csv.toString());
      failsWithOneLine(s, csv + ": cannot write", "(the previous file is unchanged)");
    }
    assertThat(Files.readString(csv)).isEqualTo("the previous submission\n");
  }
}
