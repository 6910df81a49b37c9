package io.imat.augment.image;

import java.util.Arrays;

/**
 * Renders a resize of a {@link Window} as a {@link RowSource}, with {@code cv2.resize}'s algorithms
 * and fixed-point arithmetic for 8-bit images, so the bytes are OpenCV's (and imgaug 0.4.0's):
 *
 * <ul>
 *   <li>nearest: OpenCV's {@code resizeNN} source indices;
 *   <li>bilinear, cubic, and area when enlarging: separable, 11-bit weights; a horizontal pass per
 *       source row (kept for the next output rows), then a vertical blend with OpenCV's rounding;
 *       area uses the overlap of the target pixel with the source pixels as its 2-tap weights;
 *   <li>area when shrinking: the exact mean over whole-factor blocks, or OpenCV's coverage-weighted
 *       single-precision sums for other factors;
 *   <li>bilinear halving is area's block mean, as OpenCV substitutes it.
 * </ul>
 *
 * The window is read as OpenCV reads the cropped array imgaug gives it: taps beyond its edges
 * repeat the edge pixels and pixels around it are never read.
 */
final class ResizeKernel extends ShapedRows {
  private static final int ONE = 1 << OpenCv.RESIZE_BITS;
  // OpenCV's cubic vertical pass rounds in single precision for the values its SIMD loop covers
  // (whole blocks of 8 values of a row) and in integers for the rest.
  private static final int CUBIC_SIMD_BLOCK = 8;
  private static final float ROUNDER = 0x1.8p23f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

  private enum Kind {
    COPY,
    NEAREST,
    SEPARABLE,
    AREA_BLOCKS,
    AREA
  }

  private final Window win;
  private final byte[] src;
  private final int ch;
  private final int sw;
  private final int sh;
  private final int ow;
  private final int oh;
  private final Kind kind;

  // NEAREST: source column and row per output pixel.
  private int[] nx;
  private int[] ny;

  // SEPARABLE: taps per axis, OpenCV's offsets and 11-bit weights, and the horizontal pass of the
  // source rows in use (a small ring, keyed by source row).
  private int ksize;
  private int[] xofs;
  private int[] xalpha;
  private int xmin;
  private int xmax;
  private int[] yofs;
  private int[] ybeta;
  private int[][] ring;
  private int[] ringRow;
  // The horizontal taps per value of an output row (pixel and channel): source offsets within a
  // row (already clamped at the edges as OpenCV clamps them) and weights, so the pass is one
  // branch-free loop.
  private int[][] tapOffset;
  private int[][] tapWeight;

  // AREA_BLOCKS: whole-number factors.
  private int fx;
  private int fy;

  // AREA: OpenCV's coverage tables (destination index, source index, weight) per axis.
  private int[] xdi;
  private int[] xsi;
  private float[] xw;
  private int[] ydi;
  private int[] ysi;
  private float[] yw;
  private int[] yfirst; // first ytab entry of each output row (and one past the end)
  private float[] buf;
  private float[] sum;

  ResizeKernel(Window window, int ow, int oh, Interpolation interpolation) {
    super(ow, oh, window.channels());
    Image.checkShape(ow, oh, window.channels());
    this.win = window;
    this.src = window.image.data;
    this.ch = window.channels();
    this.sw = window.width;
    this.sh = window.height;
    this.ow = ow;
    this.oh = oh;
    double invX = (double) ow / sw;
    double invY = (double) oh / sh;
    double scaleX = 1. / invX;
    double scaleY = 1. / invY;
    int iscaleX = OpenCv.round(scaleX);
    int iscaleY = OpenCv.round(scaleY);
    boolean wholeFactors =
        Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
    Interpolation mode = interpolation;
    if (mode == Interpolation.BILINEAR && wholeFactors && iscaleX == 2 && iscaleY == 2) {
      mode = Interpolation.AREA; // OpenCV: halving bilinearly is the 2×2 block mean
    }
    if (ow == sw && oh == sh) {
      kind = Kind.COPY;
    } else if (mode == Interpolation.NEAREST) {
      kind = Kind.NEAREST;
      initNearest(invX, invY);
    } else if (mode == Interpolation.AREA && scaleX >= 1 && scaleY >= 1) {
      if (wholeFactors) {
        kind = Kind.AREA_BLOCKS;
        fx = iscaleX;
        fy = iscaleY;
      } else {
        kind = Kind.AREA;
        initArea(scaleX, scaleY);
      }
    } else {
      kind = Kind.SEPARABLE;
      initSeparable(mode, scaleX, invX, scaleY, invY);
    }
  }

  @Override
  public void read(int y, int[] dst) {
    switch (kind) {
      case COPY:
        copyRow(y, dst);
        break;
      case NEAREST:
        nearestRow(y, dst);
        break;
      case AREA_BLOCKS:
        blockRow(y, dst);
        break;
      case AREA:
        areaRow(y, dst);
        break;
      default:
        separableRow(y, dst);
    }
  }

  private void copyRow(int y, int[] dst) {
    int i = win.index(0, y);
    for (int k = 0, n = sw * ch; k < n; k++) {
      dst[k] = src[i + k] & 0xFF;
    }
  }

  private void initNearest(double invX, double invY) {
    // OpenCV: floor(x / scale) with the reciprocal of the scale, clamped to the last pixel.
    double ifx = 1. / invX;
    double ify = 1. / invY;
    nx = new int[ow];
    ny = new int[oh];
    for (int x = 0; x < ow; x++) {
      nx[x] = Math.min(OpenCv.floor(x * ifx), sw - 1);
    }
    for (int y = 0; y < oh; y++) {
      ny[y] = Math.min(OpenCv.floor(y * ify), sh - 1);
    }
  }

  private void nearestRow(int y, int[] dst) {
    int row = win.index(0, ny[y]);
    for (int x = 0, o = 0; x < ow; x++) {
      int i = row + nx[x] * ch;
      for (int c = 0; c < ch; c++) {
        dst[o++] = src[i + c] & 0xFF;
      }
    }
  }

  private void initSeparable(
      Interpolation mode, double scaleX, double invX, double scaleY, double invY) {
    boolean cubic = mode == Interpolation.CUBIC;
    boolean area = mode == Interpolation.AREA;
    ksize = cubic ? 4 : 2;
    xofs = new int[ow];
    xalpha = new int[ow * ksize];
    long bounds = axis(sw, scaleX, invX, cubic, area, true, xofs, xalpha);
    xmin = (int) (bounds >> 32);
    xmax = (int) bounds;
    yofs = new int[oh];
    ybeta = new int[oh * ksize];
    // Rows are clamped when read; their weights stay as computed (OpenCV does the same).
    axis(sh, scaleY, invY, cubic, area, false, yofs, ybeta);
    ring = new int[ksize + 1][ow * ch];
    ringRow = new int[ksize + 1];
    Arrays.fill(ringRow, -1);
    tapOffset = new int[ksize][ow * ch];
    tapWeight = new int[ksize][ow * ch];
    for (int dx = 0; dx < ow; dx++) {
      boolean inside = dx < xmax && (ksize == 2 || dx >= xmin);
      for (int j = 0; j < ksize; j++) {
        // Linear beyond xmax: the edge pixel with weight one. Cubic outside [xmin, xmax): taps
        // clamped to the row.
        int sx = ksize == 2 ? xofs[dx] + (inside ? j : 0) : xofs[dx] - 1 + j;
        sx = Math.min(Math.max(sx, 0), sw - 1);
        int weight = ksize == 2 && !inside ? (j == 0 ? ONE : 0) : xalpha[dx * ksize + j];
        for (int c = 0; c < ch; c++) {
          tapOffset[j][dx * ch + c] = sx * ch + c;
          tapWeight[j][dx * ch + c] = weight;
        }
      }
    }
  }

  /**
   * OpenCV's taps along one axis of {@code n} source pixels: the first source index and the 11-bit
   * weights of every target index, into {@code ofs} and {@code alpha}. Along x (where OpenCV clamps
   * taps beyond the edge to the edge pixel with weight 1) it also returns the targets whose taps
   * are all inside, {@code [min, max)}, as {@code min << 32 | max}.
   */
  private long axis(
      int n,
      double scale,
      double inv,
      boolean cubic,
      boolean area,
      boolean clampToEdge,
      int[] ofs,
      int[] alpha) {
    int half = ksize / 2;
    float[] w = new float[4];
    int min = 0;
    int max = ofs.length;
    for (int d = 0; d < ofs.length; d++) {
      int si;
      float f;
      if (!area) {
        f = (float) ((d + 0.5) * scale - 0.5);
        si = OpenCv.floor(f);
        f -= si;
      } else {
        si = OpenCv.floor(d * scale);
        f = (float) ((d + 1) - (si + 1) * inv);
        f = f <= 0 ? 0f : f - OpenCv.floor(f);
      }
      if (si < half - 1) {
        min = d + 1;
        if (si < 0 && !cubic && clampToEdge) {
          f = 0;
          si = 0;
        }
      }
      if (si + half >= n) {
        max = Math.min(max, d);
        if (si >= n - 1 && !cubic && clampToEdge) {
          f = 0;
          si = n - 1;
        }
      }
      ofs[d] = si;
      weights(cubic, f, w);
      for (int k = 0; k < ksize; k++) {
        alpha[d * ksize + k] = OpenCv.round(w[k] * ONE);
      }
    }
    return ((long) min << 32) | (max & 0xFFFFFFFFL);
  }

  private static void weights(boolean cubic, float f, float[] w) {
    if (cubic) {
      OpenCv.cubicWeights(f, w, 0);
    } else {
      w[0] = 1f - f;
      w[1] = f;
    }
  }

  /** The horizontal pass of source row {@code r} (clamped), from the ring or computed into it. */
  private int[] horizontal(int r) {
    r = Math.min(Math.max(r, 0), sh - 1);
    int slot = r % ring.length;
    if (ringRow[slot] == r) {
      return ring[slot];
    }
    int[] out = ring[slot];
    ringRow[slot] = r;
    int row = win.index(0, r);
    int n = ow * ch;
    final byte[] s = src;
    if (ksize == 2) {
      int[] o0 = tapOffset[0];
      int[] o1 = tapOffset[1];
      int[] a0 = tapWeight[0];
      int[] a1 = tapWeight[1];
      for (int k = 0; k < n; k++) {
        out[k] = (s[row + o0[k]] & 0xFF) * a0[k] + (s[row + o1[k]] & 0xFF) * a1[k];
      }
      return out;
    }
    int[] o0 = tapOffset[0];
    int[] o1 = tapOffset[1];
    int[] o2 = tapOffset[2];
    int[] o3 = tapOffset[3];
    int[] a0 = tapWeight[0];
    int[] a1 = tapWeight[1];
    int[] a2 = tapWeight[2];
    int[] a3 = tapWeight[3];
    for (int k = 0; k < n; k++) {
      out[k] =
          (s[row + o0[k]] & 0xFF) * a0[k]
              + (s[row + o1[k]] & 0xFF) * a1[k]
              + (s[row + o2[k]] & 0xFF) * a2[k]
              + (s[row + o3[k]] & 0xFF) * a3[k];
    }
    return out;
  }

  private void separableRow(int y, int[] dst) {
    int n = ow * ch;
    int sy = yofs[y];
    int b = y * ksize;
    if (ksize == 2) {
      int[] s0 = horizontal(sy);
      int[] s1 = horizontal(sy + 1);
      int b0 = ybeta[b];
      int b1 = ybeta[b + 1];
      for (int i = 0; i < n; i++) {
        // OpenCV's 8-bit vertical pass: drop 4 bits, multiply-high, round by 2 bits.
        int v = (((b0 * (s0[i] >> 4)) >> 16) + ((b1 * (s1[i] >> 4)) >> 16) + 2) >> 2;
        dst[i] = InPlaceRows.clipToByte(v);
      }
      return;
    }
    int[] s0 = horizontal(sy - 1);
    int[] s1 = horizontal(sy);
    int[] s2 = horizontal(sy + 1);
    int[] s3 = horizontal(sy + 2);
    int b0 = ybeta[b];
    int b1 = ybeta[b + 1];
    int b2 = ybeta[b + 2];
    int b3 = ybeta[b + 3];
    float scale = 1f / (ONE * ONE);
    float f0 = b0 * scale;
    float f1 = b1 * scale;
    float f2 = b2 * scale;
    float f3 = b3 * scale;
    int simd = n / CUBIC_SIMD_BLOCK * CUBIC_SIMD_BLOCK;
    for (int i = 0; i < simd; i++) {
      float v = (s0[i] * f0 + s1[i] * f1) + (s2[i] * f2 + s3[i] * f3);
      // Round half to even as OpenCV's float conversion does: adding 1.5·2²³ leaves the nearest
      // integer (ties to even) in the low mantissa bits for |v| < 2²², read without a float to
      // int conversion (whose Java semantics keep the loop scalar).
      dst[i] = InPlaceRows.clipToByte(Float.floatToRawIntBits(v + ROUNDER) - ROUNDER_BITS);
    }
    for (int i = simd; i < n; i++) {
      int v = (s0[i] * b0 + s1[i] * b1 + s2[i] * b2 + s3[i] * b3 + (1 << 21)) >> 22;
      dst[i] = InPlaceRows.clipToByte(v);
    }
  }

  private void blockRow(int y, int[] dst) {
    int area = fx * fy;
    // OpenCV rounds the 2×2 mean with a shift; other block means in single precision.
    boolean shift = fx == 2 && fy == 2;
    float scale = 1f / area;
    for (int x = 0, o = 0; x < ow; x++) {
      for (int c = 0; c < ch; c++) {
        int s = 0;
        for (int j = 0; j < fy; j++) {
          int i = win.index(x * fx, y * fy + j) + c;
          for (int k = 0; k < fx; k++, i += ch) {
            s += src[i] & 0xFF;
          }
        }
        dst[o++] = shift ? (s + 2) >> 2 : Math.min(255, (int) Math.rint(s * scale));
      }
    }
  }

  private void initArea(double scaleX, double scaleY) {
    int[][] xt = areaTable(sw, ow, scaleX);
    xdi = xt[0];
    xsi = xt[1];
    xw = new float[xdi.length];
    for (int k = 0; k < xw.length; k++) {
      xw[k] = Float.intBitsToFloat(xt[2][k]);
    }
    int[][] yt = areaTable(sh, oh, scaleY);
    ydi = yt[0];
    ysi = yt[1];
    yw = new float[ydi.length];
    for (int k = 0; k < yw.length; k++) {
      yw[k] = Float.intBitsToFloat(yt[2][k]);
    }
    yfirst = new int[oh + 1];
    for (int k = ydi.length - 1; k >= 0; k--) {
      yfirst[ydi[k]] = k;
    }
    yfirst[oh] = ydi.length;
    buf = new float[ow * ch];
    sum = new float[ow * ch];
  }

  /**
   * OpenCV's {@code computeResizeAreaTab}: for each target index the source indices it covers and
   * their weights (float bits), as three parallel arrays.
   */
  private static int[][] areaTable(int ssize, int dsize, double scale) {
    int[] di = new int[2 * ssize + 2 * dsize];
    int[] si = new int[di.length];
    int[] w = new int[di.length];
    int k = 0;
    for (int dx = 0; dx < dsize; dx++) {
      double fsx1 = dx * scale;
      double fsx2 = fsx1 + scale;
      double cellWidth = Math.min(scale, ssize - fsx1);
      int sx1 = (int) Math.ceil(fsx1);
      int sx2 = OpenCv.floor(fsx2);
      sx2 = Math.min(sx2, ssize - 1);
      sx1 = Math.min(sx1, sx2);
      if (sx1 - fsx1 > 1e-3) {
        di[k] = dx;
        si[k] = sx1 - 1;
        w[k++] = Float.floatToIntBits((float) ((sx1 - fsx1) / cellWidth));
      }
      for (int sx = sx1; sx < sx2; sx++) {
        di[k] = dx;
        si[k] = sx;
        w[k++] = Float.floatToIntBits((float) (1.0 / cellWidth));
      }
      if (fsx2 - sx2 > 1e-3) {
        di[k] = dx;
        si[k] = sx2;
        w[k++] =
            Float.floatToIntBits(
                (float) (Math.min(Math.min(fsx2 - sx2, 1.), cellWidth) / cellWidth));
      }
    }
    return new int[][] {Arrays.copyOf(di, k), Arrays.copyOf(si, k), Arrays.copyOf(w, k)};
  }

  private void areaRow(int y, int[] dst) {
    int n = ow * ch;
    for (int j = yfirst[y]; j < yfirst[y + 1]; j++) {
      Arrays.fill(buf, 0f);
      int row = win.index(0, ysi[j]);
      for (int k = 0; k < xdi.length; k++) {
        int o = xdi[k] * ch;
        int i = row + xsi[k] * ch;
        float a = xw[k];
        for (int c = 0; c < ch; c++) {
          buf[o + c] = buf[o + c] + (src[i + c] & 0xFF) * a;
        }
      }
      float beta = yw[j];
      if (j == yfirst[y]) {
        for (int i = 0; i < n; i++) {
          sum[i] = beta * buf[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          sum[i] += beta * buf[i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      dst[i] = Math.max(0, Math.min(255, (int) Math.rint(sum[i])));
    }
  }
}
