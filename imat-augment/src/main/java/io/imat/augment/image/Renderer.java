package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs the render pipeline: a source (the image itself, or the {@link Warp} of it), then each
 * {@link RowFilter} in order, then packing into a new {@link Image}. Rows stream through all stages
 * one at a time, so a warp, a noise, a blur and a contrast change cost one pass over memory with a
 * working set of a few rows, instead of one full-image pass each.
 *
 * <p>The geometry is planned from the chain: leading pixel-exact steps (crops, flips, pads) become
 * a window of the source, or one copy; one resampling step after them is rendered with its OpenCV
 * algorithm ({@code cv2.resize} for a resize, {@code cv2.warpAffine} otherwise), reading that
 * window; exact steps after it copy its result. Several resampling steps are fused into one warp
 * (see {@link Warp}).
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
      Image source, Warp warp, List<? extends RowFilter> filters, @Nullable RenderBuffers buffers) {
    if (source.width() != warp.sourceWidth() || source.height() != warp.sourceHeight()) {
      throw new IllegalArgumentException(
          "warp expects a "
              + warp.sourceWidth()
              + "x"
              + warp.sourceHeight()
              + " source, got "
              + source);
    }
    // Check the output size before any buffer is sized from it.
    Image.checkShape(warp.width(), warp.height(), source.channels());
    RowSource rows = geometry(source, warp.steps(), buffers);
    if (rows == null && filters.isEmpty()) {
      return source;
    }
    if (rows == null) {
      rows = new ImageRows(source);
    }
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

  /** The rows of {@code steps} applied to {@code image}, or null when they change nothing. */
  private static @Nullable RowSource geometry(
      Image image, List<Warp.Step> steps, @Nullable RenderBuffers buffers) {
    int n = steps.size();
    if (n == 0) {
      return null;
    }
    int i = 0;
    // Leading pixel-exact steps compose into one copy. A step that fills (a pad) must see the
    // frame the steps before it left, not the source around it: those are copied first.
    AffineTransform exact = AffineTransform.identity();
    FillMode exactFill = null;
    boolean composed = false;
    for (; i < n && steps.get(i).isExact(); i++) {
      Warp.Step s = steps.get(i);
      if (s.fill != null && composed) {
        image = pack(new ExactKernel(image, exact, s.inWidth, s.inHeight, exactFill));
        exact = AffineTransform.identity();
        exactFill = null;
      }
      exact = exact.then(s.forward);
      composed = true;
      if (s.fill != null) {
        exactFill = s.fill;
      }
    }
    Window window = Window.of(image);
    if (i > 0) {
      Warp.Step s = steps.get(i - 1);
      ExactKernel copy = new ExactKernel(image, exact, s.width, s.height, exactFill);
      boolean isWindow = copy.isWindow();
      if (i == n) {
        return isWindow && s.width == image.width() && s.height == image.height() ? null : copy;
      }
      // A crop is read in place; flips and pads are copied once.
      window = isWindow ? copy.window() : Window.of(pack(copy));
    }
    int resampling = 0;
    for (int k = i; k < n; k++) {
      resampling += steps.get(k).isExact() ? 0 : 1;
    }
    if (resampling > 1) {
      return new WarpKernel(window, steps.subList(i, n), buffers);
    }
    Warp.Step step = steps.get(i);
    RowSource rows =
        step.isResize()
            ? new ResizeKernel(window, step.width, step.height, step.interpolation)
            : new WarpKernel(window, List.of(step), buffers);
    if (i + 1 == n) {
      return rows;
    }
    // Exact steps after the one resampling step copy its result.
    Image resampled = pack(rows);
    RowSource after = geometry(resampled, steps.subList(i + 1, n), buffers);
    return after != null ? after : new ImageRows(resampled);
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
