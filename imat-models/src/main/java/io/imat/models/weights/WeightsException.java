package io.imat.models.weights;

import java.io.IOException;

/**
 * Official weights could not be provided: the file is missing ({@link WeightsNotFoundException}) or
 * is not the published file ({@link WeightsHashException}). The message is one line that says what
 * to do.
 */
public abstract class WeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient ImagenetFile file;

  WeightsException(ImagenetFile file, String message) {
    super(message);
    this.file = file;
  }

  /** The official file concerned. */
  public ImagenetFile file() {
    return file;
  }
}
