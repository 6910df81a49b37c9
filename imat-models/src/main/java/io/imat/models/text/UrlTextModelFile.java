package io.imat.models.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.api.taxonomy.TaxonomyJson;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved form of a {@link TrainedUrlTextModel}, {@code url-text-model.bin}:
 *
 * <pre>
 * offset  size  content
 * 0       8     ASCII "IMATTEXT"
 * 8       4     format version, big-endian int (1)
 * 12      4     header length H in bytes, big-endian int
 * 16      H     UTF-8 JSON header:
 *               {"taxonomy":{...TaxonomyJson...},
 *                "priors":{"taskId":[p, ...] (aligned with the task's labels), ...},
 *                "config":{"dimension":D, "buckets":B, "epochs":E, "learningRate":r, "seed":s,
 *                          "tokenizer":{"wordNgrams":2, "charNgrams":[min, max],
 *                                       "minWordLength":2, "stopWords":[...]}},
 *                "trainingImages":N, "outputs":K, "embeddingRows":R}
 * 16+H    R × (4 + 4·D)   the non-zero embedding rows, ascending bucket: int32 bucket, D float32
 *         4·K·D           output weights, K rows of D float32
 *         4·K             output biases
 * </pre>
 *
 * The body is little-endian. Only touched embedding rows are stored (the embedding starts at zero),
 * so a model is a few MB rather than buckets × D floats.
 */
final class UrlTextModelFile {
  static final String MAGIC = "IMATTEXT";
  static final int VERSION = 1;

  private UrlTextModelFile() {}

  static void write(TrainedUrlTextModel model, Path file) throws IOException {
    TextNetwork net = model.network();
    List<Integer> rows = new ArrayList<>();
    for (int b = 0; b < net.buckets; b++) {
      int base = b * net.dim;
      for (int j = 0; j < net.dim; j++) {
        if (net.embedding[base + j] != 0f) {
          rows.add(b);
          break;
        }
      }
    }
    byte[] header = header(model, rows.size()).toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        file,
        out -> {
          DataOutputStream d = new DataOutputStream(out);
          d.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
          d.writeInt(VERSION);
          d.writeInt(header.length);
          d.write(header);
          ByteBuffer buf = ByteBuffer.allocate(4 + 4 * net.dim).order(ByteOrder.LITTLE_ENDIAN);
          for (int b : rows) {
            buf.clear();
            buf.putInt(b);
            for (int j = 0; j < net.dim; j++) {
              buf.putFloat(net.embedding[b * net.dim + j]);
            }
            d.write(buf.array(), 0, buf.position());
          }
          writeFloats(d, net.weights);
          writeFloats(d, net.bias);
          d.flush();
        });
  }

  static TrainedUrlTextModel read(Path file) throws IOException {
    String source = file.toString();
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
    if (all.remaining() < 16
        || !MAGIC.equals(new String(all.array(), 0, 8, StandardCharsets.US_ASCII))) {
      throw new InvalidDataException(source, "", "not an imat URL text model (bad magic)");
    }
    all.position(8);
    int version = all.getInt();
    if (version != VERSION) {
      throw new InvalidDataException(
          source,
          "",
          "unsupported text model format version " + version + " (this is " + VERSION + ")");
    }
    int headerLength = all.getInt();
    if (headerLength <= 0 || headerLength > all.remaining()) {
      throw new InvalidDataException(source, "header", "truncated or corrupt header");
    }
    JsonObject h;
    try {
      h =
          JsonParser.parseString(new String(all.array(), 16, headerLength, StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (RuntimeException e) {
      throw new InvalidDataException(source, "header", "malformed JSON header", e);
    }
    all.position(16 + headerLength);
    all.order(ByteOrder.LITTLE_ENDIAN);
    try {
      Taxonomy taxonomy = TaxonomyJson.fromJson(field(h, "taxonomy", source), source);
      TaskPriors priors =
          readPriors(field(h, "priors", source).getAsJsonObject(), taxonomy, source);
      UrlTextModel config = readConfig(field(h, "config", source).getAsJsonObject());
      HeadLayout layout = new HeadLayout(taxonomy);
      int outputs = field(h, "outputs", source).getAsInt();
      int rows = field(h, "embeddingRows", source).getAsInt();
      int trainingImages = field(h, "trainingImages", source).getAsInt();
      if (outputs != layout.outputs()) {
        throw new InvalidDataException(
            source,
            "header.outputs",
            outputs + " outputs but the taxonomy needs " + layout.outputs());
      }
      int dim = config.dimension();
      long expected = (long) rows * (4 + 4L * dim) + 4L * outputs * dim + 4L * outputs;
      if (rows < 0 || rows > config.buckets() || all.remaining() != expected) {
        throw new InvalidDataException(
            source,
            "",
            String.format(
                "expected %d bytes of weights after the header, found %d",
                expected, all.remaining()));
      }
      TextNetwork net = new TextNetwork(layout, config.buckets(), dim);
      int last = -1;
      for (int r = 0; r < rows; r++) {
        int b = all.getInt();
        if (b <= last || b >= config.buckets()) {
          throw new InvalidDataException(source, "embedding row " + r, "bad bucket " + b);
        }
        last = b;
        for (int j = 0; j < dim; j++) {
          net.embedding[b * dim + j] = finite(all.getFloat(), source);
        }
      }
      for (int k = 0; k < net.weights.length; k++) {
        net.weights[k] = finite(all.getFloat(), source);
      }
      for (int k = 0; k < net.bias.length; k++) {
        net.bias[k] = finite(all.getFloat(), source);
      }
      return new TrainedUrlTextModel(config, priors, net, trainingImages);
    } catch (IllegalStateException
        | IllegalArgumentException
        | UnsupportedOperationException
        | NullPointerException e) {
      // Gson and the builders signal a wrong header shape with these.
      throw new InvalidDataException(
          source, "header", "malformed header: " + InvalidDataException.reason(e), e);
    }
  }

  private static JsonObject header(TrainedUrlTextModel model, int rows) {
    Taxonomy t = model.taxonomy();
    JsonObject h = new JsonObject();
    h.add("taxonomy", TaxonomyJson.toJson(t));
    JsonObject priors = new JsonObject();
    for (Task task : t.tasks()) {
      JsonArray a = new JsonArray();
      for (float v : model.priors().distribution(task)) {
        a.add(v);
      }
      priors.add(task.id(), a);
    }
    h.add("priors", priors);
    UrlTextModel c = model.config();
    JsonObject config = new JsonObject();
    config.addProperty("dimension", c.dimension());
    config.addProperty("buckets", c.buckets());
    config.addProperty("epochs", c.epochs());
    config.addProperty("learningRate", c.learningRate());
    config.addProperty("seed", c.seed());
    UrlTokenizer tok = c.tokenizer();
    JsonObject tokenizer = new JsonObject();
    tokenizer.addProperty("wordNgrams", tok.wordNgrams());
    JsonArray chars = new JsonArray();
    chars.add(tok.charNgramMin());
    chars.add(tok.charNgramMax());
    tokenizer.add("charNgrams", chars);
    tokenizer.addProperty("minWordLength", tok.minWordLength());
    JsonArray stop = new JsonArray();
    tok.stopWords().forEach(stop::add);
    tokenizer.add("stopWords", stop);
    config.add("tokenizer", tokenizer);
    h.add("config", config);
    h.addProperty("trainingImages", model.trainingImages());
    h.addProperty("outputs", model.network().layout.outputs());
    h.addProperty("embeddingRows", rows);
    return h;
  }

  private static UrlTextModel readConfig(JsonObject c) {
    JsonObject t = c.getAsJsonObject("tokenizer");
    UrlTokenizer.Builder tb =
        UrlTokenizer.builder()
            .wordNgrams(t.get("wordNgrams").getAsInt())
            .minWordLength(t.get("minWordLength").getAsInt());
    JsonArray chars = t.getAsJsonArray("charNgrams");
    if (chars.get(1).getAsInt() > 0) {
      tb.charNgrams(chars.get(0).getAsInt(), chars.get(1).getAsInt());
    }
    List<String> stop = new ArrayList<>();
    t.getAsJsonArray("stopWords").forEach(e -> stop.add(e.getAsString()));
    tb.stopWords(new java.util.LinkedHashSet<>(stop));
    return UrlTextModel.builder()
        .tokenizer(tb.build())
        .dimension(c.get("dimension").getAsInt())
        .buckets(c.get("buckets").getAsInt())
        .epochs(c.get("epochs").getAsInt())
        .learningRate(c.get("learningRate").getAsDouble())
        .seed(c.get("seed").getAsLong())
        .build();
  }

  private static TaskPriors readPriors(JsonObject o, Taxonomy t, String source)
      throws InvalidDataException {
    float[][] perTask = new float[t.taskCount()][];
    for (Task task : t.tasks()) {
      JsonElement v = o.get(task.id());
      if (v == null) {
        throw new InvalidDataException(source, "header.priors", "no prior for task " + task.id());
      }
      JsonArray a = v.getAsJsonArray();
      perTask[task.index()] = new float[a.size()];
      for (int k = 0; k < a.size(); k++) {
        perTask[task.index()][k] = a.get(k).getAsFloat();
      }
    }
    return TaskPriors.of(t, perTask);
  }

  private static JsonElement field(JsonObject o, String name, String source)
      throws InvalidDataException {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw new InvalidDataException(source, "header", "missing field '" + name + "'");
    }
    return e;
  }

  private static float finite(float v, String source) throws InvalidDataException {
    if (!Float.isFinite(v)) {
      throw new InvalidDataException(source, "weights", "non-finite weight " + v);
    }
    return v;
  }

  private static void writeFloats(DataOutputStream d, float[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; ) {
      buf.clear();
      int n = Math.min(buf.capacity() / 4, values.length - i);
      buf.asFloatBuffer().put(values, i, n);
      d.write(buf.array(), 0, n * 4);
      i += n;
    }
  }
}
