package io.imat.metrics;

import com.google.auto.value.AutoValue;

/** Errors over a number of annotated (image, task) pairs. */
@AutoValue
public abstract class ErrorCount {
  ErrorCount() {}

  /** Creates a count. */
  public static ErrorCount of(int pairs, int errors) {
    if (errors < 0 || errors > pairs) {
      throw new IllegalArgumentException(errors + " errors in " + pairs + " pairs");
    }
    return new AutoValue_ErrorCount(pairs, errors);
  }

  /** Annotated pairs counted. */
  public abstract int pairs();

  /** Pairs whose prediction was none of the correct labels. */
  public abstract int errors();

  /** Top-1 error: errors / pairs, or NaN when there are no pairs. */
  public double error() {
    return pairs() == 0 ? Double.NaN : (double) errors() / pairs();
  }
}
