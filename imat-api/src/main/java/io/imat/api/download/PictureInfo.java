package io.imat.api.download;

import com.google.auto.value.AutoValue;

/** What the header of a valid picture says: its format and size. */
@AutoValue
public abstract class PictureInfo {
  PictureInfo() {}

  /** Creates an info. */
  public static PictureInfo of(String format, int width, int height) {
    return new AutoValue_PictureInfo(format, width, height);
  }

  /** The format, lower case: {@code jpeg}, {@code png}, {@code gif}, {@code bmp}, … */
  public abstract String format();

  /** Width in pixels. */
  public abstract int width();

  /** Height in pixels. */
  public abstract int height();

  /** The longer side in pixels. */
  public int longestSide() {
    return Math.max(width(), height());
  }
}
