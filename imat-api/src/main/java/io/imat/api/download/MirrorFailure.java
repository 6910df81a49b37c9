package io.imat.api.download;

import com.google.auto.value.AutoValue;

/** How one mirror URL of a lost image failed: its last failure and how often it was tried. */
@AutoValue
public abstract class MirrorFailure {
  MirrorFailure() {}

  /** Creates a mirror failure. */
  public static MirrorFailure of(String url, int attempts, FailureKind kind, String reason) {
    return new AutoValue_MirrorFailure(url, attempts, kind, reason);
  }

  /** The mirror URL as listed in the dataset. */
  public abstract String url();

  /** HTTP attempts made at this URL (a redirect chain counts as one attempt). */
  public abstract int attempts();

  /** The kind of the last failure. */
  public abstract FailureKind kind();

  /** The last failure in words, e.g. {@code 404 Not Found}. */
  public abstract String reason();
}
