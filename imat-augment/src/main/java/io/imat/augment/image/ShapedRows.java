package io.imat.augment.image;

/** A {@link RowSource} of a shape fixed at construction: the geometric kernels' common part. */
abstract class ShapedRows implements RowSource {
  private final int width;
  private final int height;
  private final int channels;

  ShapedRows(int width, int height, int channels) {
    this.width = width;
    this.height = height;
    this.channels = channels;
  }

  @Override
  public final int width() {
    return width;
  }

  @Override
  public final int height() {
    return height;
  }

  @Override
  public final int channels() {
    return channels;
  }
}
