package io.imat.api.download;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the URL strings of a dataset into request URIs. Scraped product URLs often carry spaces,
 * pipes or non-ASCII letters that {@link URI} rejects; those are percent-encoded (existing escapes
 * are kept), the fragment is dropped, and only absolute http/https URLs with a host are accepted.
 */
final class Urls {
  private static final String HEX = "0123456789ABCDEF";

  private Urls() {}

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming the problem: malformed, relative, no host, or a scheme
   *     other than http/https
   */
  static URI parse(String url) {
    String s = url.strip();
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    URI uri;
    try {
      uri = new URI(escape(s));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException("not an absolute URL");
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (!lower.equals("http") && !lower.equals("https")) {
      throw new IllegalArgumentException("unsupported scheme '" + scheme + "' (only http/https)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL without a host");
    }
    return uri;
  }

  /** Whether two URIs use the same scheme (case-insensitively). */
  static boolean sameScheme(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme());
  }

  /** {@code s} with characters that {@link URI} rejects percent-encoded (escapes kept). */
  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          c <= 0x20
              || c >= 0x7f
              || "\"<>\\^`{|}".indexOf(c) >= 0
              || (c == '%' && !(isHex(s, i + 1) && isHex(s, i + 2)));
      if (bad && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (!bad) {
          out.append(c);
        } else {
          int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
          for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
          }
          i = end - 1;
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
