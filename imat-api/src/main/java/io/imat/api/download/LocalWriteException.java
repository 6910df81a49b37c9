package io.imat.api.download;

import java.io.IOException;

/**
 * A failure of the local file system (disk full, permission denied) while storing a picture. It is
 * not the mirror's fault and would hit every other image too, so it ends the whole run.
 */
final class LocalWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  LocalWriteException(IOException cause) {
    super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
  }
}
