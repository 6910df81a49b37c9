package io.imat.augment.image;

/**
 * A rectangle of an image that a kernel reads as if it were the whole picture: the crop window of a
 * crop followed by a resize or warp. Kernels clamp or fill at the window's edges, never reading the
 * pixels around it, as OpenCV does on the cropped array imgaug hands it.
 */
final class Window {
  final Image image;
  final int x0;
  final int y0;
  final int width;
  final int height;

  Window(Image image, int x0, int y0, int width, int height) {
    if (x0 < 0
        || y0 < 0
        || width < 1
        || height < 1
        || x0 + width > image.width()
        || y0 + height > image.height()) {
      throw new IllegalArgumentException(
          "window " + width + "x" + height + "+" + x0 + "+" + y0 + " outside " + image);
    }
    this.image = image;
    this.x0 = x0;
    this.y0 = y0;
    this.width = width;
    this.height = height;
  }

  /** The whole of {@code image}. */
  static Window of(Image image) {
    return new Window(image, 0, 0, image.width(), image.height());
  }

  int channels() {
    return image.channels();
  }

  /** Index in the image's data of the first value of window pixel {@code (x, y)}. */
  int index(int x, int y) {
    return ((y0 + y) * image.width() + x0 + x) * image.channels();
  }

  /** Values per image row (the stride of the data). */
  int stride() {
    return image.width() * image.channels();
  }
}
