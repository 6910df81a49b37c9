package io.imat.models.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** File hashes the way Keras' {@code get_file} checks them: MD5 or SHA-256, told by length. */
final class Hashes {
  private Hashes() {}

  /** {@code MD5} for a 32-digit hash, {@code SHA-256} for a 64-digit one. */
  static String algorithm(String hash) {
    return hash.length() == 64 ? "SHA-256" : "MD5";
  }

  /**
   * The hash of {@code file} in every algorithm that one of {@code accepted} uses, read once; MD5
   * first when both are needed.
   */
  static Map<String, String> of(Path file, Set<String> accepted) throws IOException {
    Map<String, MessageDigest> digests = new LinkedHashMap<>();
    for (String h : accepted) {
      if (algorithm(h).equals("MD5")) {
        digests.putIfAbsent("MD5", digest("MD5"));
      }
    }
    for (String h : accepted) {
      digests.putIfAbsent(algorithm(h), digest(algorithm(h)));
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (MessageDigest d : digests.values()) {
          d.update(buffer, 0, n);
        }
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    digests.forEach((name, d) -> out.put(name, HexFormat.of().formatHex(d.digest())));
    return out;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }
}
