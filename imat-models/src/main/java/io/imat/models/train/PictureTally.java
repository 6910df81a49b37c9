package io.imat.models.train;

import com.google.common.collect.ImmutableList;
import io.imat.models.data.Batch;
import io.imat.models.data.PictureSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts, over one pass, the pictures read, missing (no file: a dead URL, expected) and unreadable
 * (a file that does not decode), and stops the run when the pass could read nothing or too many
 * existing files failed. Mutable, one per pass.
 */
public final class PictureTally {
  private static final int EXAMPLES = 3;

  private int read;
  private int missing;
  private int unreadable;
  private final List<String> examples = new ArrayList<>();

  void add(Batch b) {
    read += b.size();
    missing += b.missing();
    unreadable += b.unreadable().size();
    for (String u : b.unreadable()) {
      if (examples.size() < EXAMPLES) {
        examples.add(u);
      }
    }
  }

  /** Pictures decoded. */
  public int read() {
    return read;
  }

  /** Pictures whose file does not exist. */
  public int missing() {
    return missing;
  }

  /** Pictures whose file exists but does not decode. */
  public int unreadable() {
    return unreadable;
  }

  /** A few unreadable pictures, each with its reason. */
  public ImmutableList<String> examples() {
    return ImmutableList.copyOf(examples);
  }

  /**
   * @param what the pass, for the message ({@code "epoch 3"}, {@code "validation"})
   * @throws UnreadablePicturesException if no picture was read, or more than {@code maxShare} of
   *     the existing ones failed to decode
   */
  void check(String what, PictureSet pictures, double maxShare) throws UnreadablePicturesException {
    int present = read + unreadable;
    if (read == 0) {
      String why =
          present == 0
              ? "none of the "
                  + missing
                  + " picture files exists there (expected <imageId>.jpg, e.g. "
                  + pictures.path(0).getFileName()
                  + "): wrong picture folder, or not downloaded yet?"
              : "none of the " + present + " picture files there decodes, e.g. " + examples;
      throw new UnreadablePicturesException(
          what + ": no picture could be read from " + pictures.directory() + ": " + why,
          ImmutableList.copyOf(examples));
    }
    if (unreadable > maxShare * present) {
      throw new UnreadablePicturesException(
          String.format(
              "%s: %d of the %d pictures in %s could not be decoded (%.1f %%, more than the %.1f %%"
                  + " allowed), e.g. %s; delete or re-download them (imat download keeps only"
                  + " decodable files), or raise the limit (maxUnreadableShare)",
              what,
              unreadable,
              present,
              pictures.directory(),
              100.0 * unreadable / present,
              100.0 * maxShare,
              examples),
          ImmutableList.copyOf(examples));
    }
  }
}
