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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes files so that a reader, or a rerun after {@code kill -9}, never sees a partial file under
 * its final name: the content goes to a hidden temporary file in the same directory, is flushed to
 * disk, and is then renamed over the target in one atomic step.
 */
public final class AtomicFiles {

  /** Prefix of temporary files; a cleanup may delete files that start with it. */
  public static final String TEMP_PREFIX = ".imat-tmp-";

  private AtomicFiles() {}

  /**
   * Writes the content produced by {@code writer} to {@code target} atomically.
   *
   * @throws FileWriteException if the file cannot be written (a full disk, a read-only directory or
   *     file system, a failing writer); the previous file, if any, is then unchanged and no
   *     temporary file is left
   */
  public static void write(Path target, StreamWriter writer) throws IOException {
    try (Staged staged = new Staged()) {
      staged.add(target, writer);
      staged.commit();
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

  /**
   * Several files replaced together, for outputs made of more than one file (a model directory):
   * each {@link #add} writes a complete temporary file next to its target, and only {@link
   * #commit}, once every file is complete, renames them over their targets, in the order added. A
   * full disk or a read-only directory therefore fails in {@code add}, before any target changed;
   * {@link #close} deletes the temporary files of an uncommitted batch.
   *
   * <pre>{@code
   * try (AtomicFiles.Staged files = new AtomicFiles.Staged()) {
   *   files.add(dir.resolve("weights.params"), out -> ...);
   *   files.add(dir.resolve("model.json"), json);
   *   files.commit();
   * }
   * }</pre>
   */
  public static final class Staged implements AutoCloseable {
    private final Map<Path, Path> temps = new LinkedHashMap<>();

    /** An empty batch. */
    public Staged() {}

    /**
     * Writes {@code target}'s new content to a temporary file in its directory (created if needed).
     *
     * @throws FileWriteException if it cannot be written; nothing has been replaced
     */
    public void add(Path target, StreamWriter writer) throws IOException {
      Path temp = null;
      boolean ok = false;
      try {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        temp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
        // createTempFile makes owner-only files; results should be readable like any other output.
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
          writer.writeTo(out);
        }
        force(temp);
        temps.put(target, temp);
        ok = true;
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // UnsupportedOperationException covers ReadOnlyFileSystemException.
        throw new FileWriteException(target, Files.exists(target), e);
      } finally {
        if (!ok && temp != null) {
          deleteQuietly(temp);
        }
      }
    }

    /**
     * Writes {@code bytes} as {@code target}'s new content; see {@link #add(Path, StreamWriter)}.
     */
    public void add(Path target, byte[] bytes) throws IOException {
      add(target, out -> out.write(bytes));
    }

    /**
     * Renames every temporary file over its target, in the order added.
     *
     * @throws FileWriteException if a rename fails (targets renamed before it are replaced)
     */
    public void commit() throws IOException {
      for (var it = temps.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        try {
          move(e.getValue(), e.getKey());
        } catch (IOException | UnsupportedOperationException | SecurityException x) {
          throw new FileWriteException(e.getKey(), Files.exists(e.getKey()), x);
        }
        it.remove();
      }
    }

    /** Deletes the temporary files not committed. */
    @Override
    public void close() {
      for (Path temp : temps.values()) {
        deleteQuietly(temp);
      }
      temps.clear();
    }

    private static void deleteQuietly(Path temp) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException | RuntimeException e) {
        // The temporary file stays; its prefix marks it for cleanups. The write's own error is
        // the one to report.
      }
    }
  }

  /** Produces a file's content. */
  @FunctionalInterface
  public interface StreamWriter {
    /** Writes the whole content; the stream is closed by the caller. */
    void writeTo(OutputStream out) throws IOException;
  }
}
