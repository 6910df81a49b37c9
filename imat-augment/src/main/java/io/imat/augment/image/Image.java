package io.imat.augment.image;

import java.util.Arrays;

/**
 * An immutable 8-bit image stored row by row, pixel by pixel, channel by channel (HWC, the layout
 * of a numpy {@code uint8} array in imgaug). One channel is grey, three are RGB, four are RGBA.
 *
 * <p>Immutable: factories copy the bytes they are given and {@link #toByteArray()} returns a copy,
 * so an image can be shared freely between threads and cached. The augmentation engine writes its
 * results straight into new images without an extra copy.
 */
public final class Image {
  /** Largest width or height accepted; keeps every index and fixed-point coordinate in an int. */
  public static final int MAX_SIDE = 32_767;

  /** Largest number of values (width·height·channels) an image may hold: one Java array. */
  public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

  private final int width;
  private final int height;
  private final int channels;
  // Never exposed and never written after construction.
  final byte[] data;

  private Image(int width, int height, int channels, byte[] data) {
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.data = data;
  }

  /**
   * Copies {@code hwc} ({@code width·height·channels} bytes, HWC order) into a new image.
   *
   * @throws IllegalArgumentException if a side is not in {@code [1, MAX_SIDE]}, {@code channels} is
   *     not 1, 3 or 4, or the array has the wrong length
   */
  public static Image of(int width, int height, int channels, byte[] hwc) {
    checkShape(width, height, channels);
    if (hwc.length != width * height * channels) {
      throw new IllegalArgumentException(
          "expected "
              + width * height * channels
              + " bytes for a "
              + width
              + "x"
              + height
              + "x"
              + channels
              + " image, got "
              + hwc.length);
    }
    return new Image(width, height, channels, hwc.clone());
  }

  /** Copies an RGB image from {@code hwc}; see {@link #of}. */
  public static Image rgb(int width, int height, byte[] hwc) {
    return of(width, height, 3, hwc);
  }

  /** Copies a grey image from {@code hw}; see {@link #of}. */
  public static Image grey(int width, int height, byte[] hw) {
    return of(width, height, 1, hw);
  }

  /**
   * An image whose every pixel has the given channel values.
   *
   * @param value one value per channel, each in {@code [0, 255]}; its length is the channel count
   * @throws IllegalArgumentException on a bad shape or a value outside {@code [0, 255]}
   */
  public static Image filled(int width, int height, int... value) {
    checkShape(width, height, value.length);
    byte[] data = new byte[width * height * value.length];
    for (int c = 0; c < value.length; c++) {
      if (value[c] < 0 || value[c] > 255) {
        throw new IllegalArgumentException("channel value must be in [0, 255], got " + value[c]);
      }
    }
    for (int i = 0; i < data.length; i += value.length) {
      for (int c = 0; c < value.length; c++) {
        data[i + c] = (byte) value[c];
      }
    }
    return new Image(width, height, value.length, data);
  }

  /**
   * Builds an image pixel by pixel, handy in tests and for synthetic pictures.
   *
   * @param generator returns the value (0–255) of channel {@code c} at {@code (x, y)}
   */
  public static Image generate(int width, int height, int channels, PixelFunction generator) {
    checkShape(width, height, channels);
    byte[] data = new byte[width * height * channels];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          int v = generator.value(x, y, c);
          if (v < 0 || v > 255) {
            throw new IllegalArgumentException(
                "pixel value must be in [0, 255], got " + v + " at " + x + "," + y + "," + c);
          }
          data[i++] = (byte) v;
        }
      }
    }
    return new Image(width, height, channels, data);
  }

  /** Adopts {@code data} without copying; only for callers in this package that own it. */
  static Image adopt(int width, int height, int channels, byte[] data) {
    checkShape(width, height, channels);
    return new Image(width, height, channels, data);
  }

  static void checkShape(int width, int height, int channels) {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "image sides must be in [1, " + MAX_SIDE + "], got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3 && channels != 4) {
      throw new IllegalArgumentException(
          "an image has 1 (grey), 3 (RGB) or 4 (RGBA) channels, got " + channels);
    }
    if ((long) width * height * channels > MAX_VALUES) {
      throw new IllegalArgumentException(
          "image too large for one array: " + width + "x" + height + "x" + channels);
    }
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Channels per pixel: 1, 3 or 4. */
  public int channels() {
    return channels;
  }

  /** The value (0–255) of channel {@code c} at column {@code x}, row {@code y}. */
  public int get(int x, int y, int c) {
    if (x < 0 || y < 0 || c < 0 || x >= width || y >= height || c >= channels) {
      throw new IndexOutOfBoundsException(
          "(" + x + ", " + y + ", " + c + ") outside " + width + "x" + height + "x" + channels);
    }
    return data[(y * width + x) * channels + c] & 0xFF;
  }

  /** A copy of the pixels, HWC order. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Copies the pixels (HWC order) into {@code dst} starting at {@code offset}. */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /**
   * This image with three channels: grey is replicated, alpha is dropped (not composited). Returns
   * {@code this} when already RGB.
   */
  public Image toRgb() {
    if (channels == 3) {
      return this;
    }
    int n = width * height;
    byte[] out = new byte[n * 3];
    for (int p = 0; p < n; p++) {
      if (channels == 1) {
        byte g = data[p];
        out[3 * p] = g;
        out[3 * p + 1] = g;
        out[3 * p + 2] = g;
      } else {
        System.arraycopy(data, 4 * p, out, 3 * p, 3);
      }
    }
    return new Image(width, height, 3, out);
  }

  /**
   * This image with one channel, using ITU-R BT.601 luma ({@code 0.299 R + 0.587 G + 0.114 B}, as
   * OpenCV's {@code RGB2GRAY}); alpha is dropped. Returns {@code this} when already grey.
   */
  public Image toGrey() {
    if (channels == 1) {
      return this;
    }
    int n = width * height;
    byte[] out = new byte[n];
    for (int p = 0; p < n; p++) {
      int i = p * channels;
      // 14-bit fixed-point weights summing to 16384, rounded.
      int luma =
          (4899 * (data[i] & 0xFF)
                  + 9617 * (data[i + 1] & 0xFF)
                  + 1868 * (data[i + 2] & 0xFF)
                  + 8192)
              >> 14;
      out[p] = (byte) luma;
    }
    return new Image(width, height, 1, out);
  }

  /**
   * This image with four channels; the added alpha is opaque (255). Returns {@code this} when
   * already RGBA.
   */
  public Image toRgba() {
    if (channels == 4) {
      return this;
    }
    Image rgb = toRgb();
    int n = width * height;
    byte[] out = new byte[n * 4];
    for (int p = 0; p < n; p++) {
      System.arraycopy(rgb.data, 3 * p, out, 4 * p, 3);
      out[4 * p + 3] = (byte) 255;
    }
    return new Image(width, height, 4, out);
  }

  /** Equal when shape and every byte are equal. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Image)) {
      return false;
    }
    Image other = (Image) o;
    return width == other.width
        && height == other.height
        && channels == other.channels
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Image[" + width + "x" + height + "x" + channels + "]";
  }

  /** Computes one channel value of one pixel; see {@link #generate}. */
  @FunctionalInterface
  public interface PixelFunction {
    /** The value, in {@code [0, 255]}, of channel {@code c} at {@code (x, y)}. */
    int value(int x, int y, int c);
  }
}
