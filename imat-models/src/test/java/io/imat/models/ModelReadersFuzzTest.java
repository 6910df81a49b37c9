package io.imat.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.imat.models.keras.KerasWeights;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import io.imat.models.train.Checkpoint;
import io.imat.testing.fuzz.FuzzReport;
import io.imat.testing.fuzz.MutationFuzzer;
import io.imat.testing.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers of imat-models under a seeded mutation fuzzer (a few hundred cases each in the build;
 * {@code mvn verify -Pfuzz} runs {@code imat.fuzz.cases}): the three files of a model directory,
 * the files of a checkpoint (through {@code --resume}), the URL text model and Keras {@code .h5}
 * weights. Each either reads the mutated file or throws an {@code IOException} naming the file, in
 * bounded time and heap; nothing else (no {@code EOFException} without a file name, no {@code
 * OutOfMemoryError} from a length field, no PyTorch error from a wrong shape).
 */
class ModelReadersFuzzTest {
  static final int CASES = MutationFuzzer.casesFromSystemProperty(250);
  static final long RESUME_HEAP = 256L << 20;

  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path data;
  static Path model;
  static Path checkpoint;
  static Model keras;

  @BeforeAll
  static void corpus() throws Exception {
    data = dir.resolve("data");
    synth = Fixtures.synth(data, 40);
    model = dir.resolve("model");
    checkpoint = dir.resolve("ckpt");
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .epochs(2)
            .warmupEpochs(1)
            .checkpoints(checkpoint)
            .build()
            .train(Fixtures.train(synth, data), Fixtures.validation(synth, data))) {
      m.save(model);
    }
    keras = Model.newInstance("fuzz-keras", "PyTorch");
  }

  @AfterAll
  static void close() {
    keras.close();
  }

  /** Fuzzes {@code file} in place (restored after each case) with {@code read}. */
  private static FuzzReport fuzzInPlace(long seed, Path file, List<byte[]> extra, Reader read)
      throws IOException {
    return fuzzInPlace(seed, file, extra, 64L << 20, read);
  }

  /**
   * Fuzzes with a heap allowance of {@code fixed} bytes per case plus 64 per input byte (a resume
   * also sets up a training run: about 100 MB of allocations that have nothing to do with the
   * file).
   */
  private static FuzzReport fuzzInPlace(
      long seed, Path file, List<byte[]> extra, long fixed, Reader read) throws IOException {
    byte[] original = Files.readAllBytes(file);
    List<byte[]> corpus = Stream.concat(Stream.of(original), extra.stream()).toList();
    String name = file.getFileName().toString();
    FuzzReport r =
        MutationFuzzer.builder()
            .seed(seed)
            .cases(CASES)
            .corpus(corpus)
            .allocationLimit(fixed, 64)
            .build()
            .run(
                bytes -> {
                  Files.write(file, bytes);
                  try {
                    read.read();
                  } catch (IOException e) {
                    if (e.getMessage() == null || !e.getMessage().contains(name)) {
                      throw new AssertionError("does not name " + name + ": " + e, e);
                    }
                    throw e;
                  } finally {
                    Files.write(file, original);
                  }
                });
    System.out.println(name + ": " + r.summary());
    return r;
  }

  /** A read of the file under test. */
  @FunctionalInterface
  interface Reader {
    void read() throws Exception;
  }

  private static void loadModel() throws IOException {
    TrainedModel.load(model, List.of(Fixtures.TINY)).close();
  }

  @Test
  void modelConfig() throws Exception {
    FuzzReport r =
        fuzzInPlace(21, model.resolve(TrainedModel.CONFIG), List.of(), () -> loadModel());
    assertThat(r.findings()).as(r.summary()).isEmpty();
  }

  @Test
  void modelWeights() throws Exception {
    FuzzReport r =
        fuzzInPlace(22, model.resolve(TrainedModel.WEIGHTS), List.of(), () -> loadModel());
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }

  @Test
  void modelHistory() throws Exception {
    FuzzReport r =
        fuzzInPlace(23, model.resolve(TrainedModel.HISTORY), List.of(), () -> loadModel());
    assertThat(r.findings()).as(r.summary()).isEmpty();
  }

  @Test
  void checkpointFiles() throws Exception {
    String state = Files.readString(checkpoint.resolve(Checkpoint.STATE));
    long seed = 24;
    for (String key : List.of("params", "optimizer")) {
      String name =
          com.google.gson.JsonParser.parseString(state).getAsJsonObject().get(key).getAsString();
      FuzzReport r =
          fuzzInPlace(seed++, checkpoint.resolve(name), List.of(), RESUME_HEAP, () -> resume());
      assertThat(r.findings()).as(r.summary()).isEmpty();
      assertThat(r.rejected()).isPositive();
    }
    FuzzReport r =
        fuzzInPlace(
            seed, checkpoint.resolve(Checkpoint.STATE), List.of(), RESUME_HEAP, () -> resume());
    assertThat(r.findings()).as(r.summary()).isEmpty();
  }

  private static void resume() throws IOException {
    Fixtures.tinyClassifier()
        .epochs(2)
        .warmupEpochs(1)
        .checkpoints(checkpoint)
        .resume(true)
        .build()
        .train(Fixtures.train(synth, data), null)
        .close();
  }

  @Test
  void urlTextModel() throws Exception {
    Path textDir = dir.resolve("text");
    UrlTextModel.builder().epochs(1).seed(1).build().train(synth.train()).save(textDir);
    Path file = textDir.resolve(TrainedUrlTextModel.FILE_NAME);
    FuzzReport r = fuzzInPlace(31, file, List.of(), () -> TrainedUrlTextModel.load(file));
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }

  @Test
  void kerasWeights() throws Exception {
    Path file = dir.resolve("tiny.h5");
    Fixtures.tinyWeights(file, 3);
    // Random bytes behind a real HDF5 signature, as the issue asks.
    byte[] signed = new byte[4096];
    new SplittableRandom(9).nextBytes(signed);
    System.arraycopy(
        "\u0089HDF\r\n\u001a\n".getBytes(StandardCharsets.ISO_8859_1), 0, signed, 0, 8);
    FuzzReport r =
        fuzzInPlace(
            41,
            file,
            List.of(signed),
            () -> {
              Block block = Fixtures.TINY.newBlock();
              block.initialize(keras.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
              KerasWeights.of(file).loadInto(block, keras.getNDManager());
            });
    assertThat(r.findings()).as(r.summary()).isEmpty();
    assertThat(r.rejected()).isPositive();
  }
}
