package io.imat.models.data;

import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Decodes a picture file into an RGB {@link Image}, through {@link Files} (any NIO file system),
 * telling a missing file (a dead URL: expected) from one that exists but cannot be read (a broken
 * download, a wrong format: worth stopping for).
 */
final class PictureReader {
  private PictureReader() {}

  /** What reading one picture gave: an image, a missing file, or a reason it is unreadable. */
  record Outcome(Image image, boolean missing, String problem) {
    boolean ok() {
      return image != null;
    }
  }

  /** Reads the picture at {@code path}. */
  static Outcome read(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return new Outcome(null, true, null);
    } catch (IOException e) {
      return new Outcome(null, false, path + ": " + e.getMessage());
    }
    try {
      Image img = BufferedImages.decode(bytes, path.toString());
      return new Outcome(img.channels() == 3 ? img : img.toRgb(), false, null);
    } catch (IOException e) {
      return new Outcome(null, false, e.getMessage());
    }
  }
}
