package io.imat.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises text files that are not UTF-8 from their first bytes — UTF-16 and UTF-32, with or
 * without a byte-order mark — so that readers of UTF-8 formats can say so instead of reporting
 * malformed content. (A UTF-8 byte-order mark is UTF-8 and passes.)
 */
public final class TextEncodings {
  private TextEncodings() {}

  /**
   * The encoding {@code file} is in when it is recognisably not UTF-8, e.g. {@code "UTF-16LE
   * (byte-order mark FF FE)"}; empty otherwise (including for empty files).
   */
  public static Optional<String> notUtf8(Path file) throws IOException {
    byte[] head = new byte[4];
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    return notUtf8(head, n);
  }

  /** Like {@link #notUtf8(Path)}, for the first {@code length} bytes of a text in {@code head}. */
  public static Optional<String> notUtf8(byte[] head, int length) {
    int b0 = length > 0 ? head[0] & 0xFF : -1;
    int b1 = length > 1 ? head[1] & 0xFF : -1;
    int b2 = length > 2 ? head[2] & 0xFF : -1;
    int b3 = length > 3 ? head[3] & 0xFF : -1;
    if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
      return Optional.of("UTF-32LE (byte-order mark FF FE 00 00)");
    }
    if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
      return Optional.of("UTF-32BE (byte-order mark 00 00 FE FF)");
    }
    if (b0 == 0xFF && b1 == 0xFE) {
      return Optional.of("UTF-16LE (byte-order mark FF FE)");
    }
    if (b0 == 0xFE && b1 == 0xFF) {
      return Optional.of("UTF-16BE (byte-order mark FE FF)");
    }
    // Without a mark: ASCII text (JSON, CSV) in UTF-16 has every other byte zero.
    if (b0 > 0 && b1 == 0 && (length < 4 || (b2 > 0 && b3 == 0) || (b2 == 0 && b3 == 0))) {
      return Optional.of(length >= 4 && b2 == 0 ? "UTF-32LE" : "UTF-16LE");
    }
    if (b0 == 0 && b1 > 0) {
      return Optional.of("UTF-16BE");
    }
    if (b0 == 0 && b1 == 0 && b2 == 0 && b3 > 0) {
      return Optional.of("UTF-32BE");
    }
    return Optional.empty();
  }
}
