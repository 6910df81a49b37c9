package io.imat.testing.synth;

import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code synth.json}, written next to a synthetic dataset: how it was made and which URL paths
 * misbehave, so that a server can reproduce the dead and flaky mirrors ({@code imat serve}).
 *
 * <pre>{@code
 * {"generator":"imat synth","version":1,"seed":42,"images":600,"imageSize":128,
 *  "baseUrl":"http://127.0.0.1:8642",
 *  "faults":{"/m0/17/red-dress.jpg":{"kind":"FLAKY","count":2,"target":""}, ...}}
 * }</pre>
 *
 * @param seed the generator seed
 * @param images the number of images over all splits
 * @param imageSize the nominal picture side in pixels
 * @param baseUrl scheme, host and port of every URL
 * @param faults path → fault, for every misbehaving mirror URL
 */
public record SyntheticManifest(
    long seed, int images, int imageSize, String baseUrl, ImmutableMap<String, Fault> faults) {

  /** The file name inside a dataset directory. */
  public static final String FILE_NAME = "synth.json";

  /** The port of {@link #baseUrl()}. */
  public int port() {
    return java.net.URI.create(baseUrl).getPort();
  }

  /** Reads {@code dir/synth.json}. */
  public static SyntheticManifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    String source = file.toString();
    if (!Files.exists(file)) {
      throw new InvalidDataException(
          source, "", "missing: not a synthetic dataset directory (run 'imat synth' first)");
    }
    try {
      JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      ImmutableMap.Builder<String, Fault> faults = ImmutableMap.builder();
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("faults").entrySet()) {
        JsonObject f = e.getValue().getAsJsonObject();
        faults.put(
            e.getKey(),
            Fault.of(
                FaultKind.valueOf(f.get("kind").getAsString()),
                f.get("count").getAsInt(),
                f.has("target") ? f.get("target").getAsString() : ""));
      }
      return new SyntheticManifest(
          o.get("seed").getAsLong(),
          o.get("images").getAsInt(),
          o.get("imageSize").getAsInt(),
          o.get("baseUrl").getAsString(),
          faults.buildOrThrow());
    } catch (RuntimeException e) {
      throw new InvalidDataException(source, "", "not a valid synthetic manifest: " + e, e);
    }
  }

  /** Writes {@code dir/synth.json} atomically. */
  public void write(Path dir) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("generator", "imat synth");
    o.addProperty("version", 1);
    o.addProperty("seed", seed);
    o.addProperty("images", images);
    o.addProperty("imageSize", imageSize);
    o.addProperty("baseUrl", baseUrl);
    JsonObject f = new JsonObject();
    faults.forEach(
        (path, fault) -> {
          JsonObject x = new JsonObject();
          x.addProperty("kind", fault.kind().name());
          x.addProperty("count", fault.count());
          x.addProperty("target", fault.target());
          f.add(path, x);
        });
    o.add("faults", f);
    AtomicFiles.write(dir.resolve(FILE_NAME), o.toString().getBytes(StandardCharsets.UTF_8));
  }
}
