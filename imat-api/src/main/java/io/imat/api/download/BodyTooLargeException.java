package io.imat.api.download;

import java.io.IOException;

/** A response body over the byte cap; reading stopped at the cap (or before, from the header). */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(String message) {
    super(message);
  }
}
