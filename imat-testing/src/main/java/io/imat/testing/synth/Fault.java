package io.imat.testing.synth;

import com.google.auto.value.AutoValue;

/** A declared misbehaviour of one synthetic mirror URL. */
@AutoValue
public abstract class Fault {
  Fault() {}

  /** A fault of {@code kind} with parameter {@code count} (see {@link #count()}). */
  public static Fault of(FaultKind kind, int count) {
    return of(kind, count, "");
  }

  /** A {@link FaultKind#REDIRECT} to {@code targetPath}. */
  public static Fault redirect(String targetPath) {
    return of(FaultKind.REDIRECT, 0, targetPath);
  }

  /** A fault with all its fields. */
  public static Fault of(FaultKind kind, int count, String target) {
    if (count < 0) {
      throw new IllegalArgumentException("negative fault count " + count);
    }
    if (kind == FaultKind.REDIRECT && !target.startsWith("/")) {
      throw new IllegalArgumentException("a redirect needs a target path, got '" + target + "'");
    }
    return new AutoValue_Fault(kind, count, target);
  }

  /** What goes wrong. */
  public abstract FaultKind kind();

  /**
   * For {@link FaultKind#FLAKY} the failing requests before success; for {@link
   * FaultKind#RATE_LIMITED} the Retry-After seconds; otherwise 0.
   */
  public abstract int count();

  /** For {@link FaultKind#REDIRECT}, the path redirected to; otherwise empty. */
  public abstract String target();
}
