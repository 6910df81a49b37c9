package io.imat.api.download;

import io.imat.api.dataset.ImageIds;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory pictures are downloaded into. Opening it takes an exclusive lock (one downloader
 * per directory: two runs would delete each other's temporary files) and deletes the temporary
 * files a killed run left behind. Final names are {@code <imageId>.jpg}, resolved only for ids that
 * {@link ImageIds} accepts.
 */
final class OutputDir implements AutoCloseable {
  /** Lock file name; it stays in the directory, harmless, after the run. */
  static final String LOCK_FILE = ".imat-download.lock";

  private static final Logger log = LoggerFactory.getLogger(OutputDir.class);

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final int staleTempFiles;
  private final AtomicLong tempCounter = new AtomicLong();

  private OutputDir(Path dir, FileChannel lockChannel, FileLock lock, int staleTempFiles) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.staleTempFiles = staleTempFiles;
  }

  /** Creates the directory if needed, locks it and removes stale temporary files. */
  static OutputDir open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path lockFile = dir.resolve(LOCK_FILE);
    FileChannel ch =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new IOException(
          dir + ": another download is writing to this directory (lock " + LOCK_FILE + ")");
    }
    int removed = 0;
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(dir, AtomicFiles.TEMP_PREFIX + "*")) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
        removed++;
      }
    } catch (IOException | RuntimeException e) {
      lock.release();
      ch.close();
      throw e;
    }
    if (removed > 0) {
      log.info("{}: removed {} temporary files of an interrupted run", dir, removed);
    }
    return new OutputDir(dir, ch, lock, removed);
  }

  /** Temporary files of an earlier, interrupted run that {@link #open} deleted. */
  int staleTempFiles() {
    return staleTempFiles;
  }

  /**
   * The final path of {@code image}'s picture.
   *
   * @throws IllegalArgumentException if the id is not a safe file name (records are checked when
   *     created; this is the last line of defence before a path is built from it)
   */
  Path finalPath(ImageRecord image) {
    Path p = dir.resolve(ImageIds.checkSafe(image.id()) + ".jpg");
    if (!dir.equals(p.getParent())) {
      throw new IllegalArgumentException("image id '" + image.id() + "' leaves " + dir);
    }
    return p;
  }

  /**
   * A new, empty temporary file in the directory (same file system, so the move is atomic). Names
   * come from a counter rather than {@link Files#createTempFile}'s secure random: the directory is
   * locked and was swept of old temporary files, so a counter is unique, and cheaper per picture.
   */
  Path newTempFile() throws IOException {
    while (true) {
      Path p = dir.resolve(AtomicFiles.TEMP_PREFIX + tempCounter.incrementAndGet() + ".part");
      try {
        Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return p;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // Left by someone ignoring the lock; take the next number.
      }
    }
  }

  /**
   * Moves a complete, validated temporary file to its final name in one atomic step, flushing it to
   * disk first when {@code durable} (so that even a power cut cannot leave a renamed, empty file).
   */
  void commit(Path temp, Path target, boolean durable) throws IOException {
    if (durable && temp.getFileSystem() == FileSystems.getDefault()) {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    AtomicFiles.move(temp, target);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
