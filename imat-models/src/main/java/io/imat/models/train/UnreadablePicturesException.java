package io.imat.models.train;

import com.google.common.collect.ImmutableList;
import java.io.IOException;

/**
 * No picture of an epoch could be read, or more of the existing ones failed to decode than {@link
 * TrainingConfig#maxUnreadableShare()} allows. The message names the picture folder and a few of
 * the failures. An {@link IOException}: like every problem with files imat reads, it is checked.
 */
public final class UnreadablePicturesException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> examples;

  /** An exception with its message and up to a few failing pictures (file and reason). */
  public UnreadablePicturesException(String message, ImmutableList<String> examples) {
    super(message);
    this.examples = examples;
  }

  /** A few of the pictures that could not be read, each with its reason. */
  public ImmutableList<String> examples() {
    return examples;
  }
}
