package io.imat.api.io;

/**
 * Input data that cannot be accepted: malformed JSON or CSV, a missing field, an unknown id, a
 * duplicate, an unsafe image id. The message always names the source (usually a file) and the
 * element or line at fault, so a user can go straight to it.
 */
public final class InvalidDataException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String location;
  private final String problem;

  /**
   * Creates an exception.
   *
   * @param source the file (or other source) that holds the bad data
   * @param location the element or line at fault, for example {@code $.images[12].imageId} or
   *     {@code line 7}; may be empty
   * @param problem what is wrong, in a few words
   */
  public InvalidDataException(String source, String location, String problem) {
    this(source, location, problem, null);
  }

  /** Creates an exception with the low-level cause attached. */
  public InvalidDataException(String source, String location, String problem, Throwable cause) {
    super(format(source, location, problem), cause);
    this.source = source;
    this.location = location;
    this.problem = problem;
  }

  private static String format(String source, String location, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (!location.isEmpty()) {
      sb.append(": ").append(location);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The file (or other source) holding the bad data. */
  public String source() {
    return source;
  }

  /** The element path or line at fault; empty when the whole source is at fault. */
  public String location() {
    return location;
  }

  /** What is wrong, without source and location. */
  public String problem() {
    return problem;
  }

  /**
   * A low-level failure in words for a problem text: its message without the class names that
   * wrappers add (a JSON parse error's underlying cause, e.g. {@code End of input at line 1 column
   * 1513}), or its simple class name when it has no message.
   */
  public static String reason(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null
        && r.getCause() != r
        && (r.getMessage() == null || r.getMessage().equals(r.getCause().toString()))) {
      r = r.getCause();
    }
    String m = r.getMessage();
    return m == null || m.isBlank() ? r.getClass().getSimpleName() : m;
  }
}
