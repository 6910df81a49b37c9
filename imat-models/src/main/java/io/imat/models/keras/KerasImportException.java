package io.imat.models.keras;

import java.io.IOException;

/**
 * Keras weights that cannot go into a network: not Keras HDF5, another architecture, a tensor of
 * the wrong shape, missing tensors. The message names the file and the layer.
 */
public final class KerasImportException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public KerasImportException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public KerasImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
