package io.imat.models.weights;

import com.google.auto.value.AutoValue;
import java.nio.file.Path;
import java.util.Optional;

/** What a {@link WeightsCache} found for one official file. */
@AutoValue
public abstract class CachedFile {
  CachedFile() {}

  /** The outcome of a lookup. */
  public enum State {
    /** Found, with one of the published hashes. */
    OK,
    /** Found first in the search path, but its hash is not a published one. */
    WRONG_HASH,
    /** In none of the directories. */
    MISSING
  }

  static CachedFile ok(ImagenetFile file, Path path, String hash) {
    return new AutoValue_CachedFile(file, State.OK, Optional.of(path), Optional.of(hash));
  }

  static CachedFile wrongHash(ImagenetFile file, Path path, String hash) {
    return new AutoValue_CachedFile(file, State.WRONG_HASH, Optional.of(path), Optional.of(hash));
  }

  static CachedFile missing(ImagenetFile file) {
    return new AutoValue_CachedFile(file, State.MISSING, Optional.empty(), Optional.empty());
  }

  /** The official file looked for. */
  public abstract ImagenetFile file();

  /** Found and good, found but wrong, or missing. */
  public abstract State state();

  /** Where it was found (absent when {@link State#MISSING}). */
  public abstract Optional<Path> path();

  /** The found file's hash, hex (MD5 when the registry has an MD5 for it, else SHA-256). */
  public abstract Optional<String> hash();

  /** Whether the file is there with a published hash. */
  public boolean isOk() {
    return state() == State.OK;
  }
}
