package io.imat.models.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import java.util.Optional;

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
    } catch (RuntimeException e) {
      throw new InvalidDataException(file.toString(), "", "corrupt checkpoint state: " + e, e);
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
    writeParams(network, dir.resolve(params));
    // Streamed array by array: the optimizer state is twice the model, too big for one byte[].
    NDList adamState = adam.state();
    AtomicFiles.write(dir.resolve(optimizer), adamState::encode);
    if (bestChanged || !Files.exists(dir.resolve(best))) {
      Path source = dir.resolve(params);
      AtomicFiles.write(dir.resolve(best), out -> Files.copy(source, out));
    }
    JsonObject s = state.deepCopy();
    s.addProperty("epoch", epoch);
    s.addProperty("params", params);
    s.addProperty("optimizer", optimizer);
    s.addProperty("best", best);
    AtomicFiles.write(dir.resolve(STATE), s.toString().getBytes(StandardCharsets.UTF_8));
    cleanup(params, optimizer, best);
  }

  /** Loads the weights named {@code key} ("params" or "best") of {@code state} into the block. */
  public void loadParams(JsonObject state, String key, Block network, NDManager manager)
      throws IOException {
    readParams(network, manager, dir.resolve(state.get(key).getAsString()));
  }

  /** Restores the optimizer saved with {@code state}. */
  public void loadOptimizer(JsonObject state, Adam adam, NDManager manager) throws IOException {
    Path file = dir.resolve(state.get("optimizer").getAsString());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        NDManager m = manager.newSubManager()) {
      adam.restore(NDList.decode(m, in));
    }
  }

  /** Writes a block's parameters to {@code file} atomically. */
  public static void writeParams(Block block, Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          DataOutputStream d = new DataOutputStream(out);
          block.saveParameters(d);
          d.flush();
        });
  }

  /** Reads parameters written by {@link #writeParams} into an initialised block. */
  public static void readParams(Block block, NDManager manager, Path file) throws IOException {
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
