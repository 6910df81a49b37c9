package io.imat.api.download;

/**
 * Why an attempt to fetch a picture from one mirror URL failed. Each kind is either transient
 * (worth another try later: the server or the network may recover) or permanent (the same request
 * will fail again, so the downloader moves on to the next mirror at once).
 */
public enum FailureKind {
  /** 404 Not Found. */
  NOT_FOUND(false),
  /** 410 Gone. */
  GONE(false),
  /** Another 4xx status (401, 403, 400, …) or a status that carries no picture (204, 206, 304). */
  HTTP_STATUS(false),
  /** A 5xx status (500, 502, 503, …) or 408. */
  SERVER_ERROR(true),
  /** 429 Too Many Requests; the server's Retry-After is honoured. */
  RATE_LIMITED(true),
  /** No response headers, or no body bytes, within the read timeout; or no connection in time. */
  TIMEOUT(true),
  /** The connection was refused, reset or closed before a response arrived. */
  CONNECTION(true),
  /** The host name does not resolve (domains of 2017 that no longer exist). */
  UNKNOWN_HOST(false),
  /** The body ended before its announced Content-Length (the connection was cut mid-body). */
  TRUNCATED(true),
  /** The body is larger than the configured byte cap. */
  TOO_LARGE(false),
  /** 200 OK, but the body is not a decodable picture (an HTML page, a cut-off image, garbage). */
  NOT_A_PICTURE(false),
  /** The picture's header declares more pixels than allowed (a decompression bomb). */
  TOO_MANY_PIXELS(false),
  /** A redirect leads back to a URL already visited. */
  REDIRECT_LOOP(false),
  /** More redirects than allowed. */
  TOO_MANY_REDIRECTS(false),
  /** A redirect to another scheme (http to https or back, or anything else), which is refused. */
  SCHEME_CHANGE(false),
  /** The URL is malformed or not http/https. */
  BAD_URL(false),
  /** The image has no mirror URL at all. */
  NO_MIRRORS(false);

  private final boolean transientFailure;

  FailureKind(boolean transientFailure) {
    this.transientFailure = transientFailure;
  }

  /** Whether a later attempt at the same URL may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
