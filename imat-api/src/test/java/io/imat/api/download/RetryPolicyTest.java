package io.imat.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.builder()
          .initialBackoff(Duration.ofMillis(100))
          .maxBackoff(Duration.ofSeconds(1))
          .multiplier(2)
          .jitter(0.5)
          .maxRetryAfter(Duration.ofSeconds(60))
          .build();

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    assertThat(policy.backoff(1, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(2, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.backoff(3, 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoff(4, 0)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.backoff(5, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(60, 0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterShortensTheWaitByAtMostItsFraction() {
    assertThat(policy.backoff(2, 0.999)).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
    assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(150));
    RetryPolicy noJitter = policy.toBuilder().jitter(0).build();
    assertThat(noJitter.backoff(2, 0.7)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void retryAfterWinsOverAShorterBackoffAndGivesUpBeyondTheCap() {
    assertThat(policy.delay(1, Optional.empty(), 0)).contains(Duration.ofMillis(100));
    assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(5)), 0))
        .contains(Duration.ofSeconds(5));
    assertThat(policy.delay(5, Optional.of(Duration.ZERO), 0)).contains(Duration.ofSeconds(1));
    assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(61)), 0)).isEmpty();
  }

  @Test
  void parsesBothFormsOfRetryAfter() {
    Instant now = Instant.parse("2017-04-01T12:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryPolicy.parseRetryAfter(" 7 ", now)).contains(Duration.ofSeconds(7));
    assertThat(RetryPolicy.parseRetryAfter("Sat, 01 Apr 2017 12:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Sat, 01 Apr 2017 11:00:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter("-5", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter("99999999999999999999999", now).get())
        .isGreaterThan(Duration.ofDays(365));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetryPolicy.none().maxRetries()).isZero();
    assertThat(RetryPolicy.defaults().maxRetries()).isEqualTo(3);
  }
}
