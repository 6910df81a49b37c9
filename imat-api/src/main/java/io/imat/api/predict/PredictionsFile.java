package io.imat.api.predict;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.api.taxonomy.TaxonomyJson;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code .pred} file format: compact, self-describing, fast to read.
 *
 * <pre>
 * offset  size  content
 * 0       8     ASCII "IMATPRED"
 * 8       4     format version, big-endian int (1)
 * 12      4     header length H in bytes, big-endian int
 * 16      H     UTF-8 JSON header:
 *               {"rows":N, "labels":L,
 *                "taxonomy":{...TaxonomyJson...},
 *                "priors":{"taskId":[p, ...] (aligned with the task's labels), ...},
 *                "images":["id", ...] (N ids, row order),
 *                "metadata":{"key":"value", ...}}
 * 16+H    4·N·L N rows of L float32 probabilities, little-endian, label order of the taxonomy
 * </pre>
 *
 * A test set of 33,726 images × 381 labels is about 51 MB (CSV would be several times larger and
 * slower to parse). Files are written atomically.
 */
public final class PredictionsFile {
  /** The magic bytes at the start of every file. */
  public static final String MAGIC = "IMATPRED";

  /** The format version this code writes. */
  public static final int VERSION = 1;

  private PredictionsFile() {}

  /** Writes {@code p} to {@code file} atomically. */
  public static void write(Predictions p, Path file) throws IOException {
    byte[] header = header(p).toString().getBytes(StandardCharsets.UTF_8);
    float[] data = p.data();
    AtomicFiles.write(
        file,
        out -> {
          DataOutputStream d = new DataOutputStream(out);
          d.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
          d.writeInt(VERSION);
          d.writeInt(header.length);
          d.write(header);
          ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < data.length; ) {
            buf.clear();
            int n = Math.min(buf.capacity() / 4, data.length - i);
            buf.asFloatBuffer().put(data, i, n);
            d.write(buf.array(), 0, n * 4);
            i += n;
          }
          d.flush();
        });
  }

  /**
   * Reads a file.
   *
   * @throws InvalidDataException if the file is not a predictions file, is truncated, or holds
   *     values that are not probabilities
   */
  public static Predictions read(Path file) throws IOException {
    String source = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate(16);
      readFully(ch, head, 0);
      if (head.position() < 16) {
        throw new InvalidDataException(source, "", "not an imat predictions file (too short)");
      }
      byte[] magic = Arrays.copyOf(head.array(), 8);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new InvalidDataException(source, "", "not an imat predictions file (bad magic)");
      }
      head.flip().position(8);
      int version = head.getInt();
      int headerLength = head.getInt();
      if (version != VERSION) {
        throw new InvalidDataException(
            source, "", "unsupported predictions format version " + version);
      }
      if (headerLength <= 0 || 16L + headerLength > size) {
        throw new InvalidDataException(source, "header", "truncated or corrupt header");
      }
      ByteBuffer hb = ByteBuffer.allocate(headerLength);
      readFully(ch, hb, 16);
      JsonObject header;
      try {
        header =
            JsonParser.parseString(new String(hb.array(), StandardCharsets.UTF_8))
                .getAsJsonObject();
      } catch (RuntimeException e) {
        throw new InvalidDataException(source, "header", "malformed JSON header", e);
      }
      Taxonomy taxonomy = TaxonomyJson.fromJson(field(header, "taxonomy", source), source);
      int rows = field(header, "rows", source).getAsInt();
      int labels = field(header, "labels", source).getAsInt();
      if (labels != taxonomy.labelCount()) {
        throw new InvalidDataException(
            source,
            "header.labels",
            labels + " columns but the taxonomy has " + taxonomy.labelCount());
      }
      ImmutableList<String> ids = readIds(field(header, "images", source), rows, source);
      TaskPriors priors = TaskPriors.fromJson(taxonomy, field(header, "priors", source), source);
      ImmutableMap.Builder<String, String> meta = ImmutableMap.builder();
      JsonElement m = header.get("metadata");
      if (m != null && m.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : m.getAsJsonObject().entrySet()) {
          meta.put(e.getKey(), e.getValue().getAsString());
        }
      }
      long expected = 16L + headerLength + 4L * rows * labels;
      if (size != expected) {
        throw new InvalidDataException(
            source,
            "",
            String.format(
                "%s: expected %d bytes for %d x %d floats, found %d",
                size < expected ? "truncated" : "trailing bytes", expected, rows, labels, size));
      }
      float[] data = new float[Math.toIntExact((long) rows * labels)];
      ByteBuffer body = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      long pos = 16L + headerLength;
      int filled = 0;
      while (filled < data.length) {
        body.clear();
        body.limit(Math.min(body.capacity(), (data.length - filled) * 4));
        readFully(ch, body, pos);
        body.flip();
        int n = body.remaining() / 4;
        body.asFloatBuffer().get(data, filled, n);
        filled += n;
        pos += n * 4L;
      }
      for (int k = 0; k < data.length; k++) {
        if (!(data[k] >= 0f && data[k] <= 1f)) {
          throw new InvalidDataException(
              source,
              "image " + ids.get(k / labels) + ", label " + taxonomy.labels().get(k % labels).id(),
              data[k] + " is not a probability");
        }
      }
      return new Predictions(taxonomy, priors, ids, data, meta.buildOrThrow());
    } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw new InvalidDataException(
          source, "header", "malformed header: " + InvalidDataException.reason(e), e);
    }
  }

  private static JsonObject header(Predictions p) {
    Taxonomy t = p.taxonomy();
    JsonObject h = new JsonObject();
    h.addProperty("rows", p.size());
    h.addProperty("labels", t.labelCount());
    h.add("taxonomy", TaxonomyJson.toJson(t));
    h.add("priors", p.priors().toJson());
    JsonArray ids = new JsonArray();
    p.imageIds().forEach(ids::add);
    h.add("images", ids);
    JsonObject meta = new JsonObject();
    p.metadata().forEach(meta::addProperty);
    h.add("metadata", meta);
    return h;
  }

  private static ImmutableList<String> readIds(JsonElement e, int rows, String source)
      throws InvalidDataException {
    JsonArray a = e.getAsJsonArray();
    if (a.size() != rows) {
      throw new InvalidDataException(
          source, "header.images", a.size() + " image ids for " + rows + " rows");
    }
    ImmutableList.Builder<String> ids = ImmutableList.builderWithExpectedSize(rows);
    a.forEach(x -> ids.add(x.getAsString()));
    ImmutableList<String> out = ids.build();
    if (out.stream().distinct().count() != out.size()) {
      throw new InvalidDataException(source, "header.images", "duplicate image ids");
    }
    return out;
  }

  private static JsonElement field(JsonObject o, String name, String source)
      throws InvalidDataException {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw new InvalidDataException(source, "header", "missing field '" + name + "'");
    }
    return e;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
  }
}
