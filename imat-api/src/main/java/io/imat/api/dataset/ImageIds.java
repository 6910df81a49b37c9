package io.imat.api.dataset;

import java.util.Optional;

/**
 * Decides whether an image id may become a file name ({@code <imageId>.jpg}). Ids come from
 * downloaded JSON, so they are checked before they ever touch a path: only ASCII letters, digits,
 * {@code _}, {@code -} and {@code .} are allowed, not first {@code .} or {@code -}, at most {@value
 * #MAX_LENGTH} characters. That excludes {@code ..}, separators, control characters, hidden files
 * and option-like names.
 */
public final class ImageIds {
  /** The longest accepted id. */
  public static final int MAX_LENGTH = 200;

  private ImageIds() {}

  /** Why {@code id} is not a safe file name, or empty when it is. */
  public static Optional<String> problem(String id) {
    if (id.isEmpty()) {
      return Optional.of("empty image id");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of("image id longer than " + MAX_LENGTH + " characters");
    }
    char first = id.charAt(0);
    if (first == '.' || first == '-') {
      return Optional.of("image id '" + printable(id) + "' starts with '" + first + "'");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        return Optional.of(
            "image id '" + printable(id) + "' contains " + describe(c) + " (not a safe file name)");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code id} is a safe file name. */
  public static boolean isSafe(String id) {
    return problem(id).isEmpty();
  }

  /**
   * Returns {@code id} if it is safe.
   *
   * @throws IllegalArgumentException naming the problem otherwise
   */
  public static String checkSafe(String id) {
    Optional<String> p = problem(id);
    if (p.isPresent()) {
      throw new IllegalArgumentException(p.get());
    }
    return id;
  }

  private static String describe(char c) {
    if (c == '/' || c == '\\') {
      return "a path separator '" + c + "'";
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("a control character U+%04X", (int) c);
    }
    return String.format("the character '%s' (U+%04X)", c, (int) c);
  }

  private static String printable(String id) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
