package io.imat.api.taxonomy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes taxonomies in the iMaterialist file layout. Package-private: users go through
 * {@link Taxonomy}.
 */
final class TaxonomyFiles {
  static final String TASK_MAP = "fgvc4_iMat.task_map.json";
  static final String LABEL_MAP = "fgvc4_iMat.label_map.json";
  static final String TASK_LABELS = "task_labels.txt";
  private static final String BUNDLE = "/io/imat/api/taxonomy/imat2017/";

  private TaxonomyFiles() {}

  /** The bundled 2017 taxonomy; parsed once, immutable. */
  private static final class Bundled {
    static final Taxonomy INSTANCE = loadBundled();

    private static Taxonomy loadBundled() {
      try {
        return parse(
            resource(TASK_MAP),
            TASK_MAP,
            resource(LABEL_MAP),
            LABEL_MAP,
            resource(TASK_LABELS),
            TASK_LABELS);
      } catch (IOException e) {
        throw new UncheckedIOException("bundled iMaterialist 2017 taxonomy is unreadable", e);
      }
    }

    private static String resource(String name) throws IOException {
      try (InputStream in = TaxonomyFiles.class.getResourceAsStream(BUNDLE + name)) {
        if (in == null) {
          throw new IOException("missing resource " + BUNDLE + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  static Taxonomy bundled2017() {
    return Bundled.INSTANCE;
  }

  static Taxonomy load(Path taskMap, Path labelMap, Path taskLabels) throws IOException {
    return parse(
        readText(taskMap),
        taskMap.toString(),
        readText(labelMap),
        labelMap.toString(),
        taskLabels == null ? null : readText(taskLabels),
        taskLabels == null ? "" : taskLabels.toString());
  }

  // Bad bytes are bad content: an InvalidDataException naming the file, like malformed JSON.
  private static String readText(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidDataException(file.toString(), "", "not valid UTF-8 text", e);
    }
  }

  static Taxonomy loadDirectory(Path dir) throws IOException {
    Path taskLabels = dir.resolve(TASK_LABELS);
    return load(
        dir.resolve(TASK_MAP),
        dir.resolve(LABEL_MAP),
        Files.exists(taskLabels) ? taskLabels : null);
  }

  static void writeDirectory(Taxonomy taxonomy, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeMap(dir.resolve(TASK_MAP), "taskInfo", "taskName", "taskId", taxonomy.tasks(), true);
    writeMap(dir.resolve(LABEL_MAP), "labelInfo", "labelName", "labelId", taxonomy.labels(), false);
    if (taxonomy.tasks().stream().anyMatch(t -> !t.labels().isEmpty())) {
      StringBuilder sb = new StringBuilder();
      for (Task t : taxonomy.tasks()) {
        sb.append(t.id());
        t.labels().forEach(l -> sb.append(' ').append(l.id()));
        sb.append('\n');
      }
      AtomicFiles.write(dir.resolve(TASK_LABELS), sb.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      // A stale list from an earlier write would otherwise be read back by loadDirectory.
      Files.deleteIfExists(dir.resolve(TASK_LABELS));
    }
  }

  private static void writeMap(
      Path file, String root, String nameKey, String idKey, List<?> items, boolean tasks)
      throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          JsonWriter jw = new JsonWriter(w);
          jw.setIndent("  ");
          jw.beginObject().name(root).beginArray();
          for (Object item : items) {
            String name = tasks ? ((Task) item).name() : ((Label) item).name();
            String id = tasks ? ((Task) item).id() : ((Label) item).id();
            jw.beginObject().name(nameKey).value(name).name(idKey).value(id).endObject();
          }
          jw.endArray().endObject();
          jw.flush();
        });
  }

  private static Taxonomy parse(
      String taskMap,
      String taskSource,
      String labelMap,
      String labelSource,
      String taskLabels,
      String taskLabelsSource)
      throws InvalidDataException {
    Map<String, String> tasks = readMap(taskMap, taskSource, "taskInfo", "taskName", "taskId");
    Map<String, String> labels =
        readMap(labelMap, labelSource, "labelInfo", "labelName", "labelId");
    Map<String, List<String>> lists =
        taskLabels == null
            ? Map.of()
            : readTaskLabels(taskLabels, taskLabelsSource, tasks.keySet(), labels.keySet());
    Taxonomy.Builder b = Taxonomy.builder();
    labels.forEach((id, name) -> b.addLabel(id, name));
    for (Map.Entry<String, String> t : tasks.entrySet()) {
      String name = t.getValue();
      int colon = name.indexOf(':');
      if (colon <= 0 || colon == name.length() - 1) {
        throw new InvalidDataException(
            taskSource,
            "taskId " + t.getKey(),
            "taskName '" + name + "' is not of the form apparel:attribute");
      }
      b.addTask(t.getKey(), name, lists.getOrDefault(t.getKey(), List.of()));
    }
    return b.build();
  }

  /** Reads {"root":[{nameKey:..., idKey:...}, ...]} into id → name, in file order. */
  private static Map<String, String> readMap(
      String json, String source, String root, String nameKey, String idKey)
      throws InvalidDataException {
    JsonElement top;
    try {
      top = JsonParser.parseReader(new StringReader(json));
    } catch (JsonParseException e) {
      throw new InvalidDataException(source, "", "malformed JSON: " + rootMessage(e), e);
    }
    if (!top.isJsonObject() || !top.getAsJsonObject().has(root)) {
      throw new InvalidDataException(source, "$", "missing field '" + root + "'");
    }
    JsonElement arr = top.getAsJsonObject().get(root);
    if (!arr.isJsonArray()) {
      throw new InvalidDataException(source, "$." + root, "expected an array");
    }
    Map<String, String> out = new LinkedHashMap<>();
    JsonArray items = arr.getAsJsonArray();
    for (int i = 0; i < items.size(); i++) {
      String where = "$." + root + "[" + i + "]";
      if (!items.get(i).isJsonObject()) {
        throw new InvalidDataException(source, where, "expected an object");
      }
      JsonObject o = items.get(i).getAsJsonObject();
      String id = stringField(o, idKey, source, where);
      String name = stringField(o, nameKey, source, where);
      if (out.put(id, name) != null) {
        throw new InvalidDataException(source, where + "." + idKey, "duplicate id '" + id + "'");
      }
    }
    if (out.isEmpty()) {
      throw new InvalidDataException(source, "$." + root, "no entries");
    }
    return out;
  }

  private static String stringField(JsonObject o, String key, String source, String where)
      throws InvalidDataException {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new InvalidDataException(source, where, "missing field '" + key + "'");
    }
    if (!e.isJsonPrimitive()) {
      throw new InvalidDataException(source, where + "." + key, "expected a string");
    }
    String s = e.getAsString().trim();
    if (s.isEmpty()) {
      throw new InvalidDataException(source, where + "." + key, "empty value");
    }
    return s;
  }

  private static Map<String, List<String>> readTaskLabels(
      String text, String source, java.util.Set<String> taskIds, java.util.Set<String> labelIds)
      throws InvalidDataException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "line " + (i + 1);
      String[] parts = line.split("\\s+");
      if (!taskIds.contains(parts[0])) {
        throw new InvalidDataException(source, where, "unknown task id '" + parts[0] + "'");
      }
      if (out.containsKey(parts[0])) {
        throw new InvalidDataException(source, where, "task id '" + parts[0] + "' listed twice");
      }
      List<String> ids = new ArrayList<>();
      for (int j = 1; j < parts.length; j++) {
        if (!labelIds.contains(parts[j])) {
          throw new InvalidDataException(source, where, "unknown label id '" + parts[j] + "'");
        }
        if (ids.contains(parts[j])) {
          throw new InvalidDataException(source, where, "label id '" + parts[j] + "' repeated");
        }
        ids.add(parts[j]);
      }
      out.put(parts[0], ids);
    }
    List<String> missing =
        taskIds.stream().filter(id -> !out.containsKey(id)).collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new InvalidDataException(source, "", "no line for task ids " + missing);
    }
    return out;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
