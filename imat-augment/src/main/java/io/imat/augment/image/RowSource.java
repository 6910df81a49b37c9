package io.imat.augment.image;

/**
 * A stream of image rows, pulled top to bottom. The render engine chains these: a source (the input
 * image or the fused geometric warp), then one {@link RowFilter} stage after another, then a sink
 * that packs rows into the output image. Rows travel as {@code int} arrays of {@code
 * width·channels} values (HWC within the row) so stages can compute without masking bytes.
 *
 * <p>Contract: {@link #read} is called exactly once for every row, with {@code y = 0, 1, …,
 * height-1} in that order. Stages may rely on it (a blur keeps a window of recent rows; a noise
 * stage draws its random numbers in row order, which keeps results reproducible).
 */
public interface RowSource {

  /** Width of every row, in pixels. */
  int width();

  /** Number of rows. */
  int height();

  /** Values per pixel. */
  int channels();

  /**
   * Writes row {@code y} into {@code dst[0 .. width·channels)}. Values written are in {@code [0,
   * 255]}.
   */
  void read(int y, int[] dst);
}
