package io.imat.api.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader, or a rerun after {@code kill -9}, never sees a partial file under
 * its final name: the content goes to a hidden temporary file in the same directory, is flushed to
 * disk, and is then renamed over the target in one atomic step.
 */
public final class AtomicFiles {

  /** Prefix of temporary files; a cleanup may delete files that start with it. */
  public static final String TEMP_PREFIX = ".imat-tmp-";

  private AtomicFiles() {}

  /** Writes the content produced by {@code writer} to {@code target} atomically. */
  public static void write(Path target, StreamWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
    // createTempFile makes owner-only files; results should be readable like any other output.
    if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    boolean moved = false;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        writer.writeTo(out);
      }
      force(temp);
      move(temp, target);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Moves a complete temporary file over {@code target} atomically (falling back to a plain
   * replacing move only on file systems without atomic moves, such as some in-memory ones).
   */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // fsync before the rename, so a crash cannot leave a renamed but empty file.
  private static void force(Path file) throws IOException {
    if (file.getFileSystem() != FileSystems.getDefault()) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Produces a file's content. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the whole content; the stream is closed by the caller. */
    void writeTo(OutputStream out) throws IOException;
  }
}
