package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.util.List;

/**
 * Runs the render pipeline: a source (the image itself, or the fused {@link Warp} of it), then each
 * {@link RowFilter} in order, then packing into a new {@link Image}. Rows stream through all stages
 * one at a time, so a warp, a noise, a blur and a contrast change cost one pass over memory with a
 * working set of a few rows, instead of one full-image pass each.
 */
public final class Renderer {
  private Renderer() {}

  /**
   * Renders {@code warp} of {@code source} followed by {@code filters}.
   *
   * @return {@code source} itself when there is nothing to do
   * @throws IllegalArgumentException if {@code warp} was built for another source size
   */
  public static Image render(Image source, Warp warp, List<? extends RowFilter> filters) {
    return render(source, warp, filters, null);
  }

  /**
   * Renders as {@link #render(Image, Warp, List)}, reusing {@code buffers} (may be null) for
   * scratch memory.
   */
  public static Image render(
      Image source, Warp warp, List<? extends RowFilter> filters, RenderBuffers buffers) {
    boolean identity = isIdentity(warp);
    if (identity && filters.isEmpty()) {
      return source;
    }
    // Check the output size before any buffer is sized from it.
    Image.checkShape(warp.width(), warp.height(), source.channels());
    RowSource rows = identity ? new ImageRows(source) : new WarpKernel(source, warp, buffers);
    int n = filters.size();
    // A trailing lookup table is applied while packing: one pass less over the row. A linear
    // table stays a stage of its own: its vectorised arithmetic beats lookups while packing.
    RowFilter last = n == 0 ? null : filters.get(n - 1);
    LookupTable packTable =
        last instanceof LookupTable && !((LookupTable) last).isLinear() ? (LookupTable) last : null;
    for (int i = 0; i < (packTable == null ? n : n - 1); i++) {
      rows = filters.get(i).connect(rows);
    }
    if (packTable != null) {
      packTable.checkChannels(rows.channels());
      return pack(rows, packTable);
    }
    return pack(rows);
  }

  private static Image pack(RowSource rows, LookupTable table) {
    int w = rows.width();
    int h = rows.height();
    int c = rows.channels();
    int n = w * c;
    byte[] out = new byte[n * h];
    int[] row = new int[n];
    byte[][] bytes = table.byteTables(c);
    for (int y = 0, base = 0; y < h; y++, base += n) {
      rows.read(y, row);
      if (bytes.length == 1) {
        byte[] t = bytes[0];
        for (int i = 0; i < n; i++) {
          out[base + i] = t[row[i]];
        }
      } else {
        for (int k = 0; k < c; k++) {
          byte[] t = bytes[k];
          for (int i = k; i < n; i += c) {
            out[base + i] = t[row[i]];
          }
        }
      }
    }
    return Image.adopt(w, h, c, out);
  }

  /**
   * Pulls every row of {@code rows} into a new image. Relies on the {@link RowSource} contract that
   * values are in {@code [0, 255]}.
   */
  public static Image pack(RowSource rows) {
    int w = rows.width();
    int h = rows.height();
    int c = rows.channels();
    Image.checkShape(w, h, c);
    int n = w * c;
    byte[] out = new byte[n * h];
    int[] row = new int[n];
    for (int y = 0, base = 0; y < h; y++, base += n) {
      rows.read(y, row);
      for (int i = 0; i < n; i++) {
        out[base + i] = (byte) row[i];
      }
    }
    return Image.adopt(w, h, c, out);
  }

  /** A source that reads the rows of {@code image} as they are. */
  public static RowSource rowsOf(Image image) {
    return new ImageRows(image);
  }

  private static boolean isIdentity(Warp warp) {
    if (warp.isEmpty()) {
      return true;
    }
    if (warp.width() != warp.sourceWidth() || warp.height() != warp.sourceHeight()) {
      return false;
    }
    List<Warp.Step> steps = warp.steps();
    for (int k = 1; k < steps.size(); k++) {
      if (steps.get(k).fill != null) {
        return false; // an intermediate frame clips the picture even if the maps cancel out
      }
    }
    return warp.forward().isCloseTo(AffineTransform.identity(), 1e-12);
  }

  /** Rows of a stored image. */
  private static final class ImageRows implements RowSource {
    private final Image image;
    private final int n;

    ImageRows(Image image) {
      this.image = image;
      this.n = image.width() * image.channels();
    }

    @Override
    public int width() {
      return image.width();
    }

    @Override
    public int height() {
      return image.height();
    }

    @Override
    public int channels() {
      return image.channels();
    }

    @Override
    public void read(int y, int[] dst) {
      byte[] data = image.data;
      int base = y * n;
      for (int i = 0; i < n; i++) {
        dst[i] = data[base + i] & 0xFF;
      }
    }
  }
}
