package io.imat.spark;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature vectors per image (the pooled backbone output), as {@link SparkPredictor#embed} writes
 * them. Immutable. The file layout mirrors the {@code .pred} file:
 *
 * <pre>
 * "IMATEMB1" | header length H (int32 BE) | H bytes of UTF-8 JSON
 *   {"rows":N,"dimension":D,"images":[ids],"metadata":{...}}
 * | N x D float32 little-endian
 * </pre>
 */
public final class Embeddings {
  /** The first bytes of an embeddings file. */
  public static final String MAGIC = "IMATEMB1";

  private final ImmutableList<String> ids;
  private final int dimension;
  private final float[] data;
  private final ImmutableMap<String, String> metadata;

  private Embeddings(
      ImmutableList<String> ids, int dimension, float[] data, ImmutableMap<String, String> meta) {
    this.ids = ids;
    this.dimension = dimension;
    this.data = data;
    this.metadata = meta;
  }

  /** A builder of vectors of {@code dimension} values. */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /** Images with a vector, in order. */
  public ImmutableList<String> imageIds() {
    return ids;
  }

  /** Rows. */
  public int size() {
    return ids.size();
  }

  /** Values per vector. */
  public int dimension() {
    return dimension;
  }

  /** A copy of row {@code r}. */
  public float[] row(int r) {
    float[] out = new float[dimension];
    System.arraycopy(data, r * dimension, out, 0, dimension);
    return out;
  }

  /** Free-form facts (backbone, image size). */
  public ImmutableMap<String, String> metadata() {
    return metadata;
  }

  /** Writes the file atomically. */
  public void write(Path file) throws IOException {
    JsonObject h = new JsonObject();
    h.addProperty("rows", ids.size());
    h.addProperty("dimension", dimension);
    JsonArray images = new JsonArray();
    ids.forEach(images::add);
    h.add("images", images);
    JsonObject meta = new JsonObject();
    metadata.forEach(meta::addProperty);
    h.add("metadata", meta);
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        file,
        os -> {
          DataOutputStream out = new DataOutputStream(os);
          out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
          out.writeInt(header.length);
          out.write(header);
          ByteBuffer buf =
              ByteBuffer.allocate(4 * Math.max(1, dimension)).order(ByteOrder.LITTLE_ENDIAN);
          for (int r = 0; r < ids.size(); r++) {
            buf.clear();
            buf.asFloatBuffer().put(data, r * dimension, dimension);
            out.write(buf.array(), 0, 4 * dimension);
          }
          out.flush();
        });
  }

  /** Reads a file written by {@link #write}. */
  public static Embeddings read(Path file) throws IOException {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file);
        DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in))) {
      byte[] magic = new byte[MAGIC.length()];
      d.readFully(magic);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new InvalidDataException(source, "", "not an embeddings file (" + MAGIC + ")");
      }
      byte[] header = new byte[d.readInt()];
      d.readFully(header);
      JsonObject h =
          JsonParser.parseString(new String(header, StandardCharsets.UTF_8)).getAsJsonObject();
      int rows = h.get("rows").getAsInt();
      int dim = h.get("dimension").getAsInt();
      List<String> ids = new ArrayList<>(rows);
      for (JsonElement e : h.getAsJsonArray("images")) {
        ids.add(e.getAsString());
      }
      if (ids.size() != rows) {
        throw new InvalidDataException(
            source, "$.images", ids.size() + " ids for " + rows + " rows");
      }
      Map<String, String> meta = new LinkedHashMap<>();
      h.getAsJsonObject("metadata")
          .entrySet()
          .forEach(e -> meta.put(e.getKey(), e.getValue().getAsString()));
      byte[] raw = new byte[4 * rows * dim];
      d.readFully(raw);
      float[] data = new float[rows * dim];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      return new Embeddings(ImmutableList.copyOf(ids), dim, data, ImmutableMap.copyOf(meta));
    } catch (RuntimeException e) {
      throw new InvalidDataException(source, "", "corrupt embeddings file: " + e.getMessage(), e);
    }
  }

  /** Collects rows. */
  public static final class Builder {
    private final int dimension;
    private final Map<String, float[]> rows = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(int dimension) {
      checkArgument(dimension >= 0, "negative dimension");
      this.dimension = dimension;
    }

    /**
     * Adds the vector of {@code imageId}.
     *
     * @throws IllegalArgumentException for a wrong length or an image that already has a row
     */
    public Builder put(String imageId, float[] vector) {
      checkArgument(
          vector.length == dimension,
          "image %s: %s values, not %s",
          imageId,
          vector.length,
          dimension);
      checkArgument(!rows.containsKey(imageId), "image %s already has a row", imageId);
      rows.put(imageId, vector.clone());
      return this;
    }

    /** Records a metadata entry. */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** Builds the embeddings. */
    public Embeddings build() {
      float[] data = new float[rows.size() * dimension];
      int r = 0;
      for (float[] v : rows.values()) {
        System.arraycopy(v, 0, data, r++ * dimension, dimension);
      }
      return new Embeddings(
          ImmutableList.copyOf(rows.keySet()), dimension, data, ImmutableMap.copyOf(metadata));
    }
  }
}
