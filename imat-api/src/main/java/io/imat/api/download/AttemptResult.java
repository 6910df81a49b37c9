package io.imat.api.download;

import java.time.Duration;
import java.util.Optional;

/** The outcome of one HTTP attempt at a mirror URL, redirects included. */
sealed interface AttemptResult {

  /**
   * A 200 response whose complete body is in the temporary file, or a 206 that completed a partial
   * file: {@code bytes} of body written from byte {@code start} on (0 for a whole body).
   */
  record Fetched(long bytes, String contentType, long start) implements AttemptResult {
    Fetched(long bytes, String contentType) {
      this(bytes, contentType, 0);
    }
  }

  /** A failure, with the server's Retry-After when it sent one. */
  record Failed(FailureKind kind, String reason, Optional<Duration> retryAfter)
      implements AttemptResult {
    Failed(FailureKind kind, String reason) {
      this(kind, reason, Optional.empty());
    }
  }
}
