package io.imat.models.weights;

import io.imat.api.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers files whose hash was computed — by absolute path, size, modification time and file key
 * (the inode) — in a small properties file, so that a 100 MB weight file is hashed once instead of
 * on every run. A file that is replaced or rewritten gets another modification time (a replacement
 * also another inode), so it is hashed again; a file changed in place with its size and time put
 * back would not be — the trust make and rsync place in the same attributes. Writing is best
 * effort: when the store cannot be written the files are simply hashed again next time, and two
 * processes writing at once can only drop each other's entries, with the same consequence.
 */
final class VerifiedFiles {
  /** The store's file name, in imat's own cache directory. */
  static final String FILE_NAME = ".verified-hashes.properties";

  private static final Logger log = LoggerFactory.getLogger(VerifiedFiles.class);

  private final Path store;

  private VerifiedFiles(Path store) {
    this.store = store;
  }

  /** Remembers in {@code dir}/{@value #FILE_NAME}. */
  static VerifiedFiles in(Path dir) {
    return new VerifiedFiles(dir.resolve(FILE_NAME));
  }

  /** Remembers nothing: every file is hashed every time. */
  static VerifiedFiles none() {
    return new VerifiedFiles(null);
  }

  /** The hash remembered for {@code file}, if its size, time and inode are still those hashed. */
  Optional<String> hashOf(Path file) {
    if (store == null) {
      return Optional.empty();
    }
    try {
      String entry = load().getProperty(key(file));
      String stamp = stamp(file);
      if (entry != null && entry.startsWith(stamp + " ")) {
        return Optional.of(entry.substring(stamp.length() + 1));
      }
    } catch (IOException e) {
      log.debug("{}: not using remembered hashes: {}", store, e.toString());
    }
    return Optional.empty();
  }

  /** Remembers that {@code file}, as it is now, has {@code hash}. */
  void remember(Path file, String hash) {
    if (store == null) {
      return;
    }
    try {
      Properties p = load();
      p.setProperty(key(file), stamp(file) + " " + hash);
      AtomicFiles.write(store, out -> p.store(out, "files whose hash imat has checked"));
    } catch (IOException e) {
      log.debug("{}: cannot remember the hash of {}: {}", store, file, e.toString());
    }
  }

  private Properties load() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(store)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      // nothing remembered yet
    }
    return p;
  }

  private static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  private static String stamp(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.size()
        + ":"
        + a.lastModifiedTime().to(TimeUnit.NANOSECONDS)
        + ":"
        + (a.fileKey() == null ? "-" : a.fileKey().toString().replace(' ', '_'));
  }
}
