package io.imat.models.weights;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;

/**
 * An official weight file is in none of the directories searched. The message names the file, the
 * directories, the official URL, the directory to put it in and the command that fetches it.
 */
public final class WeightsNotFoundException extends WeightsException {
  private static final long serialVersionUID = 1L;

  private final transient ImmutableList<Path> searched;
  private final transient Path putIn;

  WeightsNotFoundException(ImagenetFile file, List<Path> dirs, List<String> labels, Path putIn) {
    super(
        file,
        String.format(
            "%s (Keras ImageNet weights of %s) is in none of %s: download %s into %s, or run"
                + " `imat weights fetch %s`",
            file.fileName(),
            file.backbone(),
            String.join(", ", labels),
            file.url(),
            putIn,
            file.backbone()));
    this.searched = ImmutableList.copyOf(dirs);
    this.putIn = putIn;
  }

  /** The directories searched, in order. */
  public ImmutableList<Path> searched() {
    return searched;
  }

  /** Where the file should go (the cache's fetch directory). */
  public Path putIn() {
    return putIn;
  }
}
