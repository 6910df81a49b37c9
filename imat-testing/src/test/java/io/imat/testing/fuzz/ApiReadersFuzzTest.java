package io.imat.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers of imat-api under a seeded mutation fuzzer (a few hundred cases each in the build;
 * {@code mvn verify -Pfuzz} runs {@code imat.fuzz.cases} of them): dataset JSON, taxonomy maps and
 * lists, {@code .pred} files and submission CSVs. Each either reads the mutated file or throws an
 * {@code IOException} — an {@link InvalidDataException} names the file —, in bounded time and
 * memory.
 */
class ApiReadersFuzzTest {
  static final int CASES = MutationFuzzer.casesFromSystemProperty(300);

  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path data;

  @BeforeAll
  static void corpus() throws Exception {
    data = dir.resolve("data");
    synth = SyntheticDataset.builder().images(24).imageSize(32).seed(3).build();
    synth.write(data);
  }

  private static FuzzReport fuzz(
      long seed, List<byte[]> corpus, Path file, MutationFuzzer.Target read) {
    return fuzz(seed, corpus, file, file.getFileName().toString(), read);
  }

  /**
   * Fuzzes {@code read}, which reads {@code file}; every {@code IOException} must name a file whose
   * name contains {@code named}, or it is a finding.
   */
  private static FuzzReport fuzz(
      long seed, List<byte[]> corpus, Path file, String named, MutationFuzzer.Target read) {
    FuzzReport r =
        MutationFuzzer.builder()
            .seed(seed)
            .cases(CASES)
            .corpus(corpus)
            .build()
            .run(
                bytes -> {
                  Files.write(file, bytes);
                  try {
                    read.read(bytes);
                  } catch (java.io.IOException e) {
                    if (e.getMessage() == null || !e.getMessage().contains(named)) {
                      throw new AssertionError("message does not name the file: " + e.getMessage());
                    }
                    throw e;
                  }
                });
    System.out.println(file.getFileName() + ": " + r.summary());
    return r;
  }

  @Test
  void datasetJson() throws Exception {
    Path file = dir.resolve("fuzz.data.json");
    Taxonomy t = synth.taxonomy();
    FuzzReport r =
        fuzz(
            11,
            List.of(
                Files.readAllBytes(data.resolve(SyntheticDataset.TRAIN_FILE)),
                Files.readAllBytes(data.resolve(SyntheticDataset.TEST_FILE))),
            file,
            bytes -> ImatDataset.load(file, t));
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }

  @Test
  void taxonomyFiles() throws Exception {
    Path tax = dir.resolve("taxonomy");
    Files.createDirectories(tax);
    List<String> names = List.of("fgvc4_iMat.task_map.json", "fgvc4_iMat.label_map.json");
    for (String n : names) {
      Files.copy(data.resolve(n), tax.resolve(n));
    }
    SplittableRandom which = new SplittableRandom(5);
    FuzzReport r =
        fuzz(
            12,
            names.stream().map(n -> read(data.resolve(n))).toList(),
            dir.resolve("fuzz.json"),
            "fgvc4_iMat.",
            bytes -> {
              // The mutated bytes replace one of the two maps.
              Path target = tax.resolve(names.get(which.nextInt(2)));
              byte[] original = Files.readAllBytes(target);
              Files.write(target, bytes);
              try {
                Taxonomy.loadDirectory(tax);
              } finally {
                Files.write(target, original);
              }
            });
    assertThat(r.findings()).as(r.summary()).isEmpty();
  }

  @Test
  void predictionsFile() throws Exception {
    ImatDataset train = synth.train();
    Predictions.Builder b = Predictions.builder(train.taxonomy(), TaskPriors.fromDataset(train));
    SplittableRandom random = new SplittableRandom(1);
    for (var image : synth.test().images()) {
      String id = image.id();
      float[] row = new float[train.taxonomy().labelCount()];
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextFloat();
      }
      b.put(id, row);
    }
    Path valid = dir.resolve("valid.pred");
    b.build().write(valid);
    Path file = dir.resolve("fuzz.pred");
    FuzzReport r =
        fuzz(13, List.of(Files.readAllBytes(valid)), file, bytes -> Predictions.read(file));
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }

  @Test
  void submissionCsv() throws Exception {
    ImatDataset train = synth.train();
    Path valid = dir.resolve("valid.csv");
    Submission.write(valid, Predictions.priorsOnly(TaskPriors.fromDataset(train)), synth.test());
    Path file = dir.resolve("fuzz.csv");
    FuzzReport r =
        fuzz(
            14,
            List.of(Files.readAllBytes(valid)),
            file,
            bytes -> Submission.read(file, synth.test()));
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
