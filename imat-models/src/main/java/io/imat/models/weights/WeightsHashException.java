package io.imat.models.weights;

/**
 * A file under an official name (found in a cache directory, or just downloaded) whose hash is none
 * of those Keras publishes for that name: a partial or corrupt copy, or another file.
 */
public final class WeightsHashException extends WeightsException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String actual;

  WeightsHashException(
      ImagenetFile file, String source, String algorithm, String actual, String advice) {
    super(
        file,
        String.format(
            "%s: %s %s is none of the hashes Keras publishes for %s (%s); %s",
            source,
            algorithm.equals("SHA-256") ? "sha256" : "md5",
            actual,
            file.fileName(),
            String.join(", ", file.hashes()),
            advice));
    this.source = source;
    this.actual = actual;
  }

  /** The file (or download URL) that has the wrong hash. */
  public String source() {
    return source;
  }

  /** Its hash, hex. */
  public String actual() {
    return actual;
  }
}
