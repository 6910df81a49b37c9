package io.imat.api.download;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between tries; replaced in tests to check the waits without spending them. */
@FunctionalInterface
interface Sleeper {
  /** The real clock. */
  Sleeper SYSTEM = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
