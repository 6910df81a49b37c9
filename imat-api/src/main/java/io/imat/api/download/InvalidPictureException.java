package io.imat.api.download;

/**
 * A file or response body that is not an acceptable picture: not decodable (an HTML page, a cut-off
 * image, garbage) or declaring more pixels than allowed. {@link #kind()} says which. An {@link
 * java.io.IOException}, like every problem with the content of a file or response.
 */
public final class InvalidPictureException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  /** Creates an exception; {@code kind} is {@link FailureKind#NOT_A_PICTURE} or similar. */
  public InvalidPictureException(FailureKind kind, String message) {
    this(kind, message, null);
  }

  /** Creates an exception with the decoder's exception attached. */
  public InvalidPictureException(FailureKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the picture was rejected. */
  public FailureKind kind() {
    return kind;
  }
}
