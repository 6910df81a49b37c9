package io.imat.testing.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A directory made read-only until {@link #close()}: its write permissions are removed and, when
 * that is not enough (root ignores permissions), it is marked immutable with {@code chattr +i}.
 * Nothing can then be created, renamed or deleted in it.
 *
 * <pre>{@code
 * try (ReadOnlyDirectory ro = ReadOnlyDirectory.of(dir).orElseThrow(...)) {
 *   assertThatThrownBy(() -> predictions.write(dir.resolve("a.pred"))) ...
 * }
 * }</pre>
 */
public final class ReadOnlyDirectory implements AutoCloseable {
  private final Path dir;
  private final Set<PosixFilePermission> permissions;
  private final boolean immutable;

  private ReadOnlyDirectory(Path dir, Set<PosixFilePermission> permissions, boolean immutable) {
    this.dir = dir;
    this.permissions = permissions;
    this.immutable = immutable;
  }

  /**
   * Makes {@code dir} read-only; empty (and {@code dir} unchanged) when this machine offers no way
   * to (no POSIX permissions, or root on a file system without immutable files).
   */
  public static Optional<ReadOnlyDirectory> of(Path dir) throws IOException {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Optional.empty();
    }
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (!canCreateIn(dir)) {
      return Optional.of(new ReadOnlyDirectory(dir, before, false));
    }
    if (chattr("+i", dir) && !canCreateIn(dir)) {
      return Optional.of(new ReadOnlyDirectory(dir, before, true));
    }
    chattr("-i", dir);
    Files.setPosixFilePermissions(dir, before);
    return Optional.empty();
  }

  private static boolean canCreateIn(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean chattr(String flag, Path dir) {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The directory. */
  public Path path() {
    return dir;
  }

  /** Makes the directory writable again, as it was. */
  @Override
  public void close() throws IOException {
    if (immutable && !chattr("-i", dir)) {
      throw new IOException("could not undo chattr +i on " + dir);
    }
    Files.setPosixFilePermissions(dir, permissions);
  }
}
