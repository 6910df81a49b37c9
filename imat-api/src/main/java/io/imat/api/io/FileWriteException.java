package io.imat.api.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file could not be written — the disk is full, the directory or file system is read-only, the
 * writer failed — and the previous file under that name, if there was one, is unchanged: {@link
 * AtomicFiles} only replaces a file once its new content is complete. The message names the file,
 * the reason and that the old file was kept, e.g. {@code /models/a/weights.params: cannot write:
 * out of disk space (the previous file is unchanged)}.
 */
public final class FileWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path target;
  private final boolean previousKept;

  /**
   * Creates an exception.
   *
   * @param target the file that was to be written
   * @param previousKept whether a previous file exists under that name (and is unchanged)
   * @param cause what failed
   */
  public FileWriteException(Path target, boolean previousKept, Throwable cause) {
    super(
        target
            + ": cannot write: "
            + reason(cause)
            + (previousKept ? " (the previous file is unchanged)" : " (no file was written)"),
        cause);
    this.target = target;
    this.previousKept = previousKept;
  }

  /** The file that was to be written. */
  public Path target() {
    return target;
  }

  /** Whether a previous file exists under the target's name; it is then unchanged. */
  public boolean previousKept() {
    return previousKept;
  }

  private static String reason(Throwable cause) {
    if (cause instanceof AccessDeniedException a) {
      return "permission denied on " + a.getFile() + " (read-only directory?)";
    }
    if (cause instanceof java.nio.file.ReadOnlyFileSystemException) {
      return "read-only file system";
    }
    if (cause instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
    }
    String m = cause.getMessage();
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
  }
}
