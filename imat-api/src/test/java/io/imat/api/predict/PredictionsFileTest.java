package io.imat.api.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.Fixtures;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsFileTest {
  private static final Taxonomy TINY = Fixtures.tiny();

  private final FileSystem fs = Fixtures.jimfs();

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  /**
   * Priors with thirds and seventeenths, which do not survive a careless renormalisation: dress
   * color is black 9, white 6, red 2 times out of 17; shoe:color has a multi-label pair.
   */
  private static TaskPriors awkwardPriors() {
    ImatDataset.Builder b = ImatDataset.builder(TINY);
    for (int i = 0; i < 17; i++) {
      b.addImage("d" + i).annotate("d" + i, "3", i < 9 ? "1" : i < 15 ? "2" : "3");
    }
    b.addImage("s0").annotate("s0", "1", "4").annotate("s0", "1", "5");
    b.addImage("s1").annotate("s1", "1", "1");
    b.addImage("s2").annotate("s2", "1", "2");
    return TaskPriors.fromDataset(b.build());
  }

  private static Predictions sample() {
    float[][] rows = {
      {0f, 1f, Float.MIN_VALUE, Math.nextDown(1f), 1e-30f, 0.1f, 1f / 3},
      {0.5f, 0.25f, 0.125f, Math.nextUp(0f), 0.999999f, 0.7f, 0.3f},
    };
    return Predictions.builder(TINY, awkwardPriors())
        .put("img_1", rows[0])
        .put("2", rows[1])
        .metadata("backbone", "resnet50")
        .metadata("note", "naïve ✓ \"quoted\"")
        .build();
  }

  private static void assertSame(Predictions actual, Predictions expected) {
    assertThat(actual.taxonomy()).isEqualTo(expected.taxonomy());
    assertThat(actual.imageIds()).isEqualTo(expected.imageIds());
    assertThat(actual.metadata()).isEqualTo(expected.metadata());
    for (Task t : expected.taxonomy().tasks()) {
      assertThat(bits(actual.priors().distribution(t)))
          .as("prior of %s", t)
          .isEqualTo(bits(expected.priors().distribution(t)));
    }
    assertThat(actual.priors()).isEqualTo(expected.priors());
    int labels = expected.taxonomy().labelCount();
    float[] a = new float[labels];
    float[] e = new float[labels];
    for (int r = 0; r < expected.size(); r++) {
      actual.copyRow(r, a);
      expected.copyRow(r, e);
      assertThat(bits(a)).as("row %s", r).isEqualTo(bits(e));
    }
  }

  private static int[] bits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }

  private Path written() throws IOException {
    Path file = fs.getPath("/preds/model.pred");
    sample().write(file);
    return file;
  }

  private static InvalidDataException readFails(Path file) {
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> Predictions.read(file));
    assertThat(e).as("expected an InvalidDataException").isNotNull();
    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e.getMessage()).startsWith(file.toString());
    return e;
  }

  @Test
  void roundTripsOnJimfsBitForBit() throws IOException {
    Path file = written();
    assertSame(Predictions.read(file), sample());
  }

  @Test
  void roundTripsOnDiskWithTheFullTaxonomy(@TempDir Path tmp) throws IOException {
    Taxonomy imat = Taxonomy.imaterialist2017();
    SplittableRandom rnd = new SplittableRandom(5);
    Predictions.Builder b = Predictions.builder(imat, TaskPriors.uniform(imat));
    for (int i = 0; i < 40; i++) {
      float[] row = new float[imat.labelCount()];
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) rnd.nextDouble();
      }
      b.put(String.valueOf(1000 - i), row);
    }
    Predictions p = b.metadata("folds", "10").build();
    Path file = tmp.resolve("test.pred");
    p.write(file);
    assertSame(Predictions.read(file), p);
    assertThat(Files.size(file)).isGreaterThan(4L * 40 * 381);
  }

  @Test
  void emptyPredictionsRoundTrip() throws IOException {
    Predictions p = Predictions.builder(TINY, TaskPriors.uniform(TINY)).build();
    Path file = fs.getPath("/empty.pred");
    p.write(file);
    Predictions back = Predictions.read(file);
    assertThat(back.size()).isZero();
    assertThat(back.priors()).isEqualTo(p.priors());
  }

  @Test
  void fileFollowsTheDocumentedLayout() throws IOException {
    byte[] bytes = Files.readAllBytes(written());
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("IMATPRED");
    buf.position(8);
    assertThat(buf.getInt()).isEqualTo(1);
    int headerLength = buf.getInt();
    JsonObject header =
        JsonParser.parseString(new String(bytes, 16, headerLength, StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(header.get("rows").getAsInt()).isEqualTo(2);
    assertThat(header.get("labels").getAsInt()).isEqualTo(7);
    assertThat(header.getAsJsonArray("images").toString()).isEqualTo("[\"img_1\",\"2\"]");
    assertThat(bytes).hasSize(16 + headerLength + 4 * 2 * 7);
    ByteBuffer body = ByteBuffer.wrap(bytes, 16 + headerLength, 56).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(body.getFloat()).isEqualTo(0f);
    assertThat(body.getFloat()).isEqualTo(1f);
    body.position(16 + headerLength + 4 * 7);
    assertThat(body.getFloat()).isEqualTo(0.5f);
  }

  @Test
  void badMagicIsRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] = 'X';
    Files.write(file, bytes);
    assertThat(readFails(file).problem()).contains("magic");
  }

  @Test
  void fileShorterThanTheFixedHeaderIsRejected() throws IOException {
    Path file = fs.getPath("/short.pred");
    Files.write(file, "IMAT".getBytes(StandardCharsets.US_ASCII));
    readFails(file);
  }

  @Test
  void unsupportedVersionIsRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    bytes[11] = 9;
    Files.write(file, bytes);
    assertThat(readFails(file).problem()).contains("version 9");
  }

  @Test
  void truncatedBodyIsRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertThat(readFails(file).problem()).contains("truncated");
  }

  @Test
  void truncatedHeaderIsRejected() throws IOException {
    Path file = written();
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 40));
    readFails(file);
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length + 1));
    assertThat(readFails(file).problem()).contains("trailing bytes");
  }

  @Test
  void valueOutsideZeroOneInTheBodyIsRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    // last float: image "2", label 7 (women)
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 4, 2f);
    Files.write(file, bytes);
    InvalidDataException e = readFails(file);
    assertThat(e.location()).contains("image 2").contains("label 7");
  }

  @Test
  void malformedHeaderIsRejected() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    bytes[16] = '[';
    Files.write(file, bytes);
    assertThat(readFails(file).location()).isEqualTo("header");
  }
}
