package io.imat.api.dataset;

import com.google.common.collect.ImmutableList;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.imat.api.io.InvalidDataException;
import io.imat.api.io.TextEncodings;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@code fgvc4_iMat.*.data.json} and {@code *.image.json} files with a streaming parser, so
 * memory follows the number of images and annotations, not the file size.
 *
 * <p>Accepted shape: {@code {"images":[{"imageId":"1","url":["http://…",…]},…],
 * "annotations":[{"imageId":"1","taskId":"3","labelId":"20"},…]}} with the two arrays in either
 * order, other top-level fields ignored, ids as strings (numbers are accepted), {@code url} a list
 * or a single string. Every problem is an {@link InvalidDataException} naming the file and the JSON
 * path of the element, e.g. {@code train.json: $.annotations[7].labelId: unknown label id '999'}.
 *
 * <pre>{@code
 * ImatDataset train = ImatDataset.loader()
 *     .taxonomy(Taxonomy.imaterialist2017())
 *     .unknownIds(UnknownIdPolicy.SKIP)
 *     .load(Path.of("fgvc4_iMat.train.data.json"));
 * }</pre>
 */
public final class DatasetLoader {
  private Taxonomy taxonomy = Taxonomy.imaterialist2017();
  private UnknownIdPolicy unknownIds = UnknownIdPolicy.REJECT;

  DatasetLoader() {}

  /** The taxonomy annotations refer to (default: iMaterialist 2017). */
  public DatasetLoader taxonomy(Taxonomy value) {
    this.taxonomy = value;
    return this;
  }

  /** What to do with annotations naming unknown tasks, labels or images (default: reject). */
  public DatasetLoader unknownIds(UnknownIdPolicy value) {
    this.unknownIds = value;
    return this;
  }

  /**
   * Loads a file: UTF-8, with or without a byte-order mark. UTF-16 and UTF-32 files are rejected
   * with a message saying so (rather than as malformed JSON).
   */
  public ImatDataset load(Path file) throws IOException {
    Optional<String> encoding = TextEncodings.notUtf8(file);
    if (encoding.isPresent()) {
      throw new InvalidDataException(
          file.toString(),
          "",
          encoding.get()
              + " text: dataset files must be UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)");
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(r, file.toString());
    } catch (CharacterCodingException e) {
      throw new InvalidDataException(
          file.toString(), "", "not valid UTF-8 (a malformed byte sequence)", e);
    }
  }

  /**
   * Loads from a reader; {@code sourceName} names the source in error messages.
   *
   * @throws InvalidDataException for malformed or invalid content
   */
  public ImatDataset load(Reader reader, String sourceName) throws IOException {
    return new Parse(sourceName).run(reader);
  }

  /** Deepest nesting accepted in ignored fields (the format itself nests 4 levels). */
  static final int MAX_DEPTH = 64;

  // A parser message of bounded length: Gson's carry the JSON path, as long as the nesting is deep.
  private static String shorten(String message) {
    if (message == null || message.length() <= 400) {
      return message;
    }
    return message.substring(0, 300) + " … " + message.substring(message.length() - 80);
  }

  /** State of one parse. */
  private final class Parse {
    private final String source;
    private final List<ImageRecord> images = new ArrayList<>();
    private final Map<String, Integer> imageIndex = new HashMap<>();
    // Annotations are buffered as task/label codes keyed by image id,
    // because the annotations array may come before the images array.
    private final Map<String, Pending> pending = new HashMap<>();
    private final int labelCount = taxonomy.labelCount();
    private boolean sawAnnotations;
    private int skipped;

    Parse(String source) {
      this.source = source;
    }

    ImatDataset run(Reader reader) throws IOException {
      JsonReader in = new JsonReader(reader);
      boolean sawImages = false;
      try {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
          throw error(in, "expected a JSON object with an 'images' array");
        }
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          if (name.equals("images")) {
            if (sawImages) {
              throw error(in, "duplicate field 'images'");
            }
            sawImages = true;
            readImages(in);
          } else if (name.equals("annotations")) {
            if (sawAnnotations) {
              throw error(in, "duplicate field 'annotations'");
            }
            sawAnnotations = true;
            readAnnotations(in);
          } else {
            skip(in);
          }
        }
        in.endObject();
        if (in.peek() != JsonToken.END_DOCUMENT) {
          throw error(in, "unexpected content after the top-level object");
        }
      } catch (MalformedJsonException | EOFException | IllegalStateException e) {
        throw new InvalidDataException(source, "", "malformed JSON: " + shorten(e.getMessage()), e);
      }
      if (!sawImages) {
        throw new InvalidDataException(source, "$", "missing field 'images'");
      }
      return build();
    }

    private void readImages(JsonReader in) throws IOException {
      expect(in, JsonToken.BEGIN_ARRAY, "an array of images");
      in.beginArray();
      while (in.hasNext()) {
        String where = in.getPath();
        expect(in, JsonToken.BEGIN_OBJECT, "an image object");
        in.beginObject();
        String id = null;
        List<String> urls = null;
        while (in.hasNext()) {
          String name = in.nextName();
          if (name.equals("imageId")) {
            once(in, id, name);
            id = readImageId(in);
          } else if (name.equals("url")) {
            once(in, urls, name);
            urls = readUrls(in);
          } else {
            skip(in);
          }
        }
        in.endObject();
        if (id == null) {
          throw new InvalidDataException(source, where, "missing field 'imageId'");
        }
        if (urls == null) {
          throw new InvalidDataException(source, where, "missing field 'url'");
        }
        Optional<String> problem = ImageIds.problem(id);
        if (problem.isPresent()) {
          throw new InvalidDataException(source, where + ".imageId", problem.get());
        }
        Integer previous = imageIndex.putIfAbsent(id, images.size());
        if (previous != null) {
          throw new InvalidDataException(
              source,
              where + ".imageId",
              "duplicate image id '" + id + "' (first at $.images[" + previous + "])");
        }
        images.add(ImageRecord.of(id, urls));
      }
      in.endArray();
    }

    private void readAnnotations(JsonReader in) throws IOException {
      expect(in, JsonToken.BEGIN_ARRAY, "an array of annotations");
      in.beginArray();
      int ordinal = 0;
      while (in.hasNext()) {
        String where = in.getPath();
        expect(in, JsonToken.BEGIN_OBJECT, "an annotation object");
        in.beginObject();
        String imageId = null;
        String taskId = null;
        String labelId = null;
        while (in.hasNext()) {
          String name = in.nextName();
          switch (name) {
            case "imageId" -> imageId = readImageId(once(in, imageId, name));
            case "taskId" -> taskId = readId(once(in, taskId, name));
            case "labelId" -> labelId = readId(once(in, labelId, name));
            default -> skip(in);
          }
        }
        in.endObject();
        for (String[] field :
            new String[][] {{"imageId", imageId}, {"taskId", taskId}, {"labelId", labelId}}) {
          if (field[1] == null) {
            throw new InvalidDataException(source, where, "missing field '" + field[0] + "'");
          }
        }
        Optional<Task> task = taxonomy.findTask(taskId);
        Optional<Label> label = taxonomy.findLabel(labelId);
        if (task.isEmpty()) {
          unknown(where + ".taskId", "unknown task id '" + taskId + "'");
        } else if (label.isEmpty()) {
          unknown(where + ".labelId", "unknown label id '" + labelId + "'");
        } else if (taxonomy.hasTaskLabels()
            && !taxonomy.isValid(task.get().index(), label.get().index())) {
          unknown(
              where + ".labelId",
              "label '" + labelId + "' is not valid for task " + task.get().name());
        } else {
          add(imageId, ordinal, task.get().index(), label.get().index());
        }
        ordinal++;
      }
      in.endArray();
    }

    private void add(String imageId, int ordinal, int task, int label) {
      pending.computeIfAbsent(imageId, k -> new Pending(ordinal)).add(task * labelCount + label);
    }

    private ImatDataset build() throws InvalidDataException {
      int[][] codes = new int[images.size()][];
      Arrays.fill(codes, new int[0]);
      // Report unknown images in file order of their first annotation.
      List<Map.Entry<String, Pending>> entries = new ArrayList<>(pending.entrySet());
      entries.sort((a, b) -> Integer.compare(a.getValue().firstOrdinal, b.getValue().firstOrdinal));
      for (Map.Entry<String, Pending> e : entries) {
        Pending p = e.getValue();
        Integer i = imageIndex.get(e.getKey());
        if (i == null) {
          if (unknownIds == UnknownIdPolicy.REJECT) {
            throw new InvalidDataException(
                source,
                "$.annotations[" + p.firstOrdinal + "].imageId",
                "annotation for unknown image '" + e.getKey() + "'");
          }
          skipped += p.size;
          continue;
        }
        int[] c = Arrays.copyOf(p.codes, p.size);
        Arrays.sort(c);
        codes[i] = Arrays.stream(c).distinct().toArray();
      }
      return new ImatDataset(
          taxonomy, ImmutableList.copyOf(images), codes, sawAnnotations, skipped);
    }

    private void unknown(String where, String problem) throws InvalidDataException {
      if (unknownIds == UnknownIdPolicy.REJECT) {
        throw new InvalidDataException(source, where, problem);
      }
      skipped++;
    }

    // Skips an ignored value, refusing nesting deeper than MAX_DEPTH levels (the reader's stack
    // would otherwise grow with the file, and its error messages with the path).
    private void skip(JsonReader in) throws IOException {
      int depth = 0;
      do {
        switch (in.peek()) {
          case BEGIN_ARRAY -> {
            in.beginArray();
            depth++;
          }
          case BEGIN_OBJECT -> {
            in.beginObject();
            depth++;
          }
          case END_ARRAY -> {
            in.endArray();
            depth--;
          }
          case END_OBJECT -> {
            in.endObject();
            depth--;
          }
          case NAME -> in.nextName();
          default -> in.skipValue();
        }
        if (depth > MAX_DEPTH) {
          throw error(in, "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
      } while (depth > 0);
    }

    // A field given twice in one object: JSON leaves the meaning open, so imat refuses to guess.
    private JsonReader once(JsonReader in, @Nullable Object previous, String name)
        throws InvalidDataException {
      if (previous != null) {
        throw error(in, "duplicate field '" + name + "'");
      }
      return in;
    }

    private String readId(JsonReader in) throws IOException {
      return readImageId(in).trim();
    }

    // Image ids are taken verbatim: trimming would turn "1\n" into the safe-looking "1".
    private String readImageId(JsonReader in) throws IOException {
      JsonToken t = in.peek();
      if (t == JsonToken.STRING || t == JsonToken.NUMBER) {
        return in.nextString();
      }
      throw error(in, "expected a string id, found " + describe(t));
    }

    private List<String> readUrls(JsonReader in) throws IOException {
      JsonToken t = in.peek();
      if (t == JsonToken.STRING) {
        return List.of(in.nextString().trim());
      }
      expect(in, JsonToken.BEGIN_ARRAY, "a list of URLs");
      List<String> urls = new ArrayList<>(2);
      in.beginArray();
      while (in.hasNext()) {
        if (in.peek() != JsonToken.STRING) {
          throw error(in, "expected a URL string, found " + describe(in.peek()));
        }
        urls.add(in.nextString().trim());
      }
      in.endArray();
      return urls;
    }

    private void expect(JsonReader in, JsonToken token, String what) throws IOException {
      JsonToken t = in.peek();
      if (t != token) {
        throw error(in, "expected " + what + ", found " + describe(t));
      }
    }

    private InvalidDataException error(JsonReader in, String problem) {
      return new InvalidDataException(source, in.getPath(), problem);
    }

    private String describe(JsonToken t) {
      return switch (t) {
        case BEGIN_ARRAY -> "an array";
        case BEGIN_OBJECT -> "an object";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        case END_DOCUMENT -> "the end of the file";
        default -> t.toString();
      };
    }
  }

  /** The annotations of one image id, in file order, until the images are known. */
  private static final class Pending {
    final int firstOrdinal;
    int[] codes = new int[8];
    int size;

    Pending(int firstOrdinal) {
      this.firstOrdinal = firstOrdinal;
    }

    void add(int code) {
      if (size == codes.length) {
        codes = Arrays.copyOf(codes, size * 2);
      }
      codes[size++] = code;
    }
  }
}
