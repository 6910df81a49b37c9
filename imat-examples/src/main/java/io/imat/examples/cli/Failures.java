package io.imat.examples.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns exceptions into the one-line causes the CLI prints. */
final class Failures {
  private Failures() {}

  /** One line naming what failed: the file, field or line when known. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    // imat's own exceptions carry complete messages (file, field or line, and what to do).
    if (t.getClass().getName().startsWith("io.imat.") && t.getMessage() != null) {
      return t.getMessage().lines().findFirst().orElse(t.getMessage());
    }
    if (t instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    if (t instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (t instanceof NotDirectoryException d) {
      return d.getFile() + ": not a directory";
    }
    if (t instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": already exists";
    }
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return type;
    }
    String first = message.lines().findFirst().orElse(message);
    return t instanceof IllegalArgumentException || t instanceof IllegalStateException
        ? first
        : type + ": " + first;
  }
}
