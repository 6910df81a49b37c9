package io.imat.api.download;

import java.time.Duration;
import java.util.Optional;

/** The outcome of one HTTP attempt at a mirror URL, redirects included. */
sealed interface AttemptResult {

  /** A 200 response whose complete body is in the temporary file. */
  record Fetched(long bytes, String contentType) implements AttemptResult {}

  /** A failure, with the server's Retry-After when it sent one. */
  record Failed(FailureKind kind, String reason, Optional<Duration> retryAfter)
      implements AttemptResult {
    Failed(FailureKind kind, String reason) {
      this(kind, reason, Optional.empty());
    }
  }
}
