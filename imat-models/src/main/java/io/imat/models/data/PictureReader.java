package io.imat.models.data;

import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Decodes a picture file into an RGB {@link Image}; an unreadable file is simply absent. */
final class PictureReader {
  private PictureReader() {}

  /** The picture at {@code path} as RGB, or empty if it is missing or cannot be decoded. */
  static Optional<Image> read(Path path) {
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try {
      Image img = BufferedImages.read(path);
      return Optional.of(img.channels() == 3 ? img : img.toRgb());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
