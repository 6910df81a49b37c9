package io.imat.api.download;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When to try a mirror URL again after a transient failure: exponential backoff with jitter, and
 * the server's {@code Retry-After} where it sends one.
 *
 * <p>The n-th retry of a URL waits {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * shortened by a random fraction of up to {@code jitter} so that thousands of images that failed
 * together do not hammer a recovering server together; and never less than the server's {@code
 * Retry-After}. A {@code Retry-After} longer than {@link #maxRetryAfter()} ends the tries of that
 * URL instead of blocking a download slot for that long.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.builder().maxRetries(5).initialBackoff(Duration.ofSeconds(1)).build();
 * }</pre>
 */
@AutoValue
public abstract class RetryPolicy {
  RetryPolicy() {}

  /** The defaults: 3 retries, 0.5 s doubling up to 30 s, 50 % jitter, Retry-After up to 120 s. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** No retries at all: every URL is tried once. */
  public static RetryPolicy none() {
    return builder().maxRetries(0).build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new AutoValue_RetryPolicy.Builder()
        .maxRetries(3)
        .initialBackoff(Duration.ofMillis(500))
        .maxBackoff(Duration.ofSeconds(30))
        .multiplier(2.0)
        .jitter(0.5)
        .maxRetryAfter(Duration.ofSeconds(120));
  }

  /** This policy as a builder, to change one setting. */
  public abstract Builder toBuilder();

  /** Retries of one URL after its first attempt (0 = try once). */
  public abstract int maxRetries();

  /** The wait before the first retry, before jitter. */
  public abstract Duration initialBackoff();

  /** The longest wait between two tries of a URL, before jitter. */
  public abstract Duration maxBackoff();

  /** How much each wait grows over the previous one. */
  public abstract double multiplier();

  /** The largest fraction by which a wait is randomly shortened, in [0, 1]. */
  public abstract double jitter();

  /** The longest server-requested wait honoured; a longer Retry-After gives the URL up. */
  public abstract Duration maxRetryAfter();

  /**
   * The backoff before retry number {@code retry} (1 for the first retry), without any Retry-After.
   *
   * @param random a uniform random number in [0, 1) choosing the jitter
   */
  public Duration backoff(int retry, double random) {
    checkArgument(retry >= 1, "retry numbers start at 1, got %s", retry);
    double nanos = initialBackoff().toNanos() * Math.pow(multiplier(), retry - 1);
    nanos = Math.min(nanos, maxBackoff().toNanos());
    nanos *= 1 - jitter() * random;
    return Duration.ofNanos((long) nanos);
  }

  /**
   * The wait before retry number {@code retry}: the backoff, but at least the server's {@code
   * retryAfter}; empty when the server asks for more than {@link #maxRetryAfter()} (give up).
   */
  public Optional<Duration> delay(int retry, Optional<Duration> retryAfter, double random) {
    Duration backoff = backoff(retry, random);
    if (retryAfter.isEmpty()) {
      return Optional.of(backoff);
    }
    Duration asked = retryAfter.get();
    if (asked.compareTo(maxRetryAfter()) > 0) {
      return Optional.empty();
    }
    return Optional.of(asked.compareTo(backoff) > 0 ? asked : backoff);
  }

  /**
   * Parses a {@code Retry-After} header: delay-seconds ({@code 120}) or an HTTP-date ({@code Wed,
   * 21 Oct 2015 07:28:00 GMT}, relative to {@code now}). Empty for anything else; a date in the
   * past means no wait.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        // More digits than a long holds: an absurd wait, which the cap turns into "give up".
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Builds a {@link RetryPolicy}. */
  @AutoValue.Builder
  public abstract static class Builder {
    Builder() {}

    /** Retries of one URL after its first attempt (default 3). */
    public abstract Builder maxRetries(int value);

    /** The wait before the first retry (default 0.5 s). */
    public abstract Builder initialBackoff(Duration value);

    /** The longest wait between two tries (default 30 s). */
    public abstract Builder maxBackoff(Duration value);

    /** Growth factor of the wait, at least 1 (default 2). */
    public abstract Builder multiplier(double value);

    /** Random shortening of each wait, a fraction in [0, 1] (default 0.5). */
    public abstract Builder jitter(double value);

    /** The longest Retry-After honoured (default 120 s). */
    public abstract Builder maxRetryAfter(Duration value);

    abstract RetryPolicy autoBuild();

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException for a negative count or duration, a multiplier below 1 or a
     *     jitter outside [0, 1]
     */
    public RetryPolicy build() {
      RetryPolicy p = autoBuild();
      checkArgument(p.maxRetries() >= 0, "negative retries %s", p.maxRetries());
      checkArgument(!p.initialBackoff().isNegative(), "negative initial backoff");
      checkArgument(!p.maxBackoff().isNegative(), "negative max backoff");
      checkArgument(!p.maxRetryAfter().isNegative(), "negative max Retry-After");
      checkArgument(p.multiplier() >= 1, "multiplier %s below 1", p.multiplier());
      checkArgument(p.jitter() >= 0 && p.jitter() <= 1, "jitter %s outside [0, 1]", p.jitter());
      return p;
    }
  }
}
