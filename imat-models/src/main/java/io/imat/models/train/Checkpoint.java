package io.imat.models.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The state of a training run after an epoch, in a directory: {@code epoch-NNNN.params} (the
 * weights), {@code adam-NNNN.bin} (the optimizer), {@code best-NNNN.params} (the weights of the
 * best epoch so far) and {@code state.json}, which names them and is written last. Every file is
 * written atomically and {@code state.json} only ever points at complete files, so a run killed at
 * any moment resumes from the last completed epoch.
 */
public final class Checkpoint {
  /** The file that names the current checkpoint. */
  public static final String STATE = "state.json";

  /**
   * Called with each file name just before the file is written; tests set it to kill the JVM in the
   * middle of writing a checkpoint (a fault that cannot be timed from outside reliably).
   */
  static volatile @Nullable Consumer<String> beforeWrite;

  private final Path dir;

  /** A checkpoint directory (created on first save). */
  public Checkpoint(Path dir) {
    this.dir = dir;
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /** The saved state, if a previous run left one. */
  public Optional<JsonObject> state() throws IOException {
    Path file = dir.resolve(STATE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JsonParser.parseString(Files.readString(file)).getAsJsonObject());
    } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
      throw new InvalidDataException(
          file.toString(), "", "corrupt checkpoint state: " + InvalidDataException.reason(e), e);
    }
  }

  /**
   * Saves epoch {@code epoch}: weights, optimizer, best weights (when {@code bestChanged}), then
   * {@code state} (which gets the file names added), then deletes files of older epochs.
   */
  public void save(
      int epoch, Block network, Adam adam, boolean bestChanged, int bestEpoch, JsonObject state)
      throws IOException {
    Files.createDirectories(dir);
    String params = String.format("epoch-%04d.params", epoch);
    String optimizer = String.format("adam-%04d.bin", epoch);
    String best = String.format("best-%04d.params", bestEpoch);
    announce(params);
    writeParams(network, dir.resolve(params));
    announce(optimizer);
    AtomicFiles.write(dir.resolve(optimizer), adam::writeState);
    if (bestChanged || !Files.exists(dir.resolve(best))) {
      Path source = dir.resolve(params);
      announce(best);
      AtomicFiles.write(dir.resolve(best), out -> Files.copy(source, out));
    }
    JsonObject s = state.deepCopy();
    s.addProperty("epoch", epoch);
    s.addProperty("params", params);
    s.addProperty("optimizer", optimizer);
    s.addProperty("best", best);
    announce(STATE);
    AtomicFiles.write(dir.resolve(STATE), s.toString().getBytes(StandardCharsets.UTF_8));
    announce("cleanup");
    cleanup(params, optimizer, best);
  }

  private static void announce(String file) {
    Consumer<String> hook = beforeWrite;
    if (hook != null) {
      hook.accept(file);
    }
  }

  /** Loads the weights named {@code key} ("params" or "best") of {@code state} into the block. */
  public void loadParams(JsonObject state, String key, Block network, NDManager manager)
      throws IOException {
    readParams(network, manager, dir.resolve(fileName(state, key)));
  }

  /**
   * Restores the optimizer saved with {@code state} for {@code network}'s parameters.
   *
   * @throws InvalidDataException if the file is not an Adam state of this network
   */
  public void loadOptimizer(JsonObject state, Adam adam, Network network) throws IOException {
    Path file = dir.resolve(fileName(state, "optimizer"));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (var p : network.getParameters()) {
      shapes.put(p.getKey(), p.getValue().getArray().getShape());
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      adam.restore(in, shapes, file.toString());
    }
  }

  // A file name from the state, which must stay inside the checkpoint directory.
  private String fileName(JsonObject state, String key) throws InvalidDataException {
    String source = dir.resolve(STATE).toString();
    try {
      String name = state.get(key).getAsString();
      if (!name.matches("(epoch|best)-\\d{4}\\.params|adam-\\d{4}\\.bin")) {
        throw new InvalidDataException(source, key, "not a checkpoint file name: " + name);
      }
      return name;
    } catch (RuntimeException e) {
      throw new InvalidDataException(source, key, "missing or not a string", e);
    }
  }

  /** Writes a block's parameters to {@code file} atomically. */
  public static void writeParams(Block block, Path file) throws IOException {
    AtomicFiles.write(file, paramsWriter(block));
  }

  /** Writes a block's parameters in the format {@link #readParams} reads. */
  public static AtomicFiles.StreamWriter paramsWriter(Block block) {
    return out -> {
      DataOutputStream d = new DataOutputStream(out);
      block.saveParameters(d);
      d.flush();
    };
  }

  /**
   * Reads parameters written by {@link #writeParams} into an initialised block, after checking the
   * file against the block's own layout (see {@link ParamsTemplate}): a truncated, padded or
   * foreign file, a wrong shape or a NaN fails with an {@link InvalidDataException} naming the file
   * and the parameter, in memory bounded by the layout, before DJL reads anything.
   */
  public static void readParams(Block block, NDManager manager, Path file) throws IOException {
    ParamsTemplate.of(block).check(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream d = new DataInputStream(in)) {
      block.loadParameters(manager, d);
    } catch (MalformedModelException | IllegalArgumentException e) {
      throw new InvalidDataException(
          file.toString(), "", "weights do not fit this network: " + e.getMessage(), e);
    }
  }

  private void cleanup(String... keep) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        boolean ours =
            name.matches("(epoch|best)-\\d{4}\\.params") || name.matches("adam-\\d{4}\\.bin");
        if (ours && !java.util.Arrays.asList(keep).contains(name)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
