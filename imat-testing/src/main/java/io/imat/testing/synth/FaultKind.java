package io.imat.testing.synth;

/**
 * How a synthetic mirror URL misbehaves when served by the synthetic server. The first six are
 * permanent (the URL is dead); the rest are transient or only break one mirror, as on the real web
 * of 2017.
 */
public enum FaultKind {
  /** 404 Not Found, always. */
  NOT_FOUND(true),
  /** 410 Gone, always. */
  GONE(true),
  /** 500 Internal Server Error, always. */
  SERVER_ERROR(true),
  /** 200 OK with an HTML "image removed" page instead of a picture. */
  HTML_PAGE(true),
  /** 302 to itself, forever. */
  REDIRECT_LOOP(true),
  /** Headers announce the full length, the body stops halfway and the connection closes. */
  TRUNCATED(true),
  /** Accepts the request and sends nothing for a long time. */
  STALL(false),
  /** 503 Service Unavailable for the first {@code count} requests, then the picture. */
  FLAKY(false),
  /**
   * 429 Too Many Requests with {@code Retry-After: count} on the first request, then the picture.
   */
  RATE_LIMITED(false),
  /** 302 to the image's next mirror, which serves the picture. */
  REDIRECT(false);

  private final boolean permanent;

  FaultKind(boolean permanent) {
    this.permanent = permanent;
  }

  /** Whether a client can never get the picture from this URL. */
  public boolean permanent() {
    return permanent;
  }
}
