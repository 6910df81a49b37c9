package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Renders resampling steps of a {@link Warp} as a {@link RowSource}, with {@code cv2.warpAffine}'s
 * arithmetic: for one step that is exactly OpenCV's (and so imgaug 0.4.0's) result; for several
 * steps it is the fused render, the whole chain composed into one inverse-mapped affine transform
 * and sampled once.
 *
 * <p>Sampling positions are OpenCV's: the inverse pixel map is taken in 10-bit fixed point, a
 * per-row term plus a per-column term, then shifted to 1/32 pixel; bilinear weights are products of
 * 5-bit fractions, cubic weights come from OpenCV's 15-bit tables. Reads are confined to a {@link
 * Window} of the source (the crop before the first step), filled or clamped at its edges.
 *
 * <p>Each output row is split into runs. In the interior run every tap is inside the window and
 * inside every intermediate frame, and no bounds are checked; for bilinear RGB it blends all three
 * channels of a tap at once (SWAR lanes in a long). Runs where some intermediate frame is only
 * partly covered take the general per-pixel path, which walks the chain step by step and blends
 * each step's fill in proportion to the part of that step's 2×2 footprint outside its input, as
 * OpenCV's interpolation would; runs wholly outside a frame are the fill. The interior run's extent
 * is found with exact integer arithmetic on the same values the loop uses, so the loop can never
 * read outside the window.
 */
final class WarpKernel extends ShapedRows {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int WBITS = OpenCv.INTER_BITS;
  private static final int WONE = 1 << WBITS;
  private static final int WMASK = WONE - 1;
  private static final int AB = OpenCv.AB_BITS;
  // A bilinear sum of 8-bit values with 5-bit weights fits in 18 bits, so three channels fit in
  // one long (see lanes).
  private static final int LANE = 21;
  private static final long LANE_ONES = 1L | (1L << LANE) | (1L << (2 * LANE));
  private static final long LANE_ROUND = LANE_ONES << (2 * WBITS - 1);

  private final byte[] src;
  private final int base; // data index of the window's top-left value
  private final int stride; // values per source row
  private final int sw; // window width
  private final int sh; // window height
  private final int ch;
  private final int ow;
  private final int oh;
  private final Interpolation mode; // NEAREST, BILINEAR or CUBIC

  // OpenCV's inverse pixel map and its per-column terms in 10-bit fixed point.
  private final double m01;
  private final double m02;
  private final double m11;
  private final double m12;
  private final int[] adelta;
  private final int[] bdelta;
  private final int roundDelta;
  // The per-column terms as 32.32 fixed-point steps, when stepping reproduces every one of them
  // exactly (checked; almost always): the interior loop then adds instead of loading.
  private final long aStep;
  private final long bStep;
  private final double aSlope;
  private final double bSlope;
  private final boolean stepping;

  private final boolean sourceConstant;
  private final int sourceValue;

  // RGB window with each pixel's channels in 21-bit lanes of one long (SWAR): a bilinear tap is
  // one load and one multiply for all three channels. Rows are expanded on first use, just before
  // the interior loop reads them, so they are still in cache; rows never read are never expanded.
  private long[] lanes;
  private boolean[] expandedRows;
  private final RenderBuffers buffers;

  // Intermediate frames that a later step may read outside of, as maps from the output pixel
  // centre to continuous coordinates of that frame, with the frame's extent and whether its edge
  // is blended (interpolating step with a constant fill) or a hard cut.
  private final AffineTransform[] frameMaps;
  private final double[] frameW;
  private final double[] frameH;
  private final boolean[] frameSoft;
  private final boolean framesUniform;
  private final int frameValue;

  // The chain, for the general per-pixel path: per step (last first), output->input map, the
  // input frame size, the step's fill and whether it interpolates.
  private final AffineTransform[] stepInverse;
  private final int[] stepInW;
  private final int[] stepInH;
  private final FillMode[] stepFill;
  private final boolean[] stepSoft;

  /**
   * Renders {@code steps} (the first reading {@code window}) as one warp.
   *
   * @param steps resampling steps and exact steps between them; the first one's input frame is the
   *     window
   */
  WarpKernel(Window window, List<Warp.Step> steps, RenderBuffers buffers) {
    super(steps.get(steps.size() - 1).width, steps.get(steps.size() - 1).height, window.channels());
    this.buffers = buffers;
    this.src = window.image.data;
    this.ch = window.channels();
    this.base = window.index(0, 0);
    this.stride = window.stride();
    this.sw = window.width;
    this.sh = window.height;
    int n = steps.size();
    Warp.Step first = steps.get(0);
    Warp.Step last = steps.get(n - 1);
    if (first.inWidth != sw || first.inHeight != sh) {
      throw new IllegalArgumentException(
          "warp expects a "
              + first.inWidth
              + "x"
              + first.inHeight
              + " input, got "
              + sw
              + "x"
              + sh);
    }
    this.ow = last.width;
    this.oh = last.height;
    this.mode = kernelOf(steps);

    // One step: its own pixel matrix (an augmenter may give it exactly as imgaug computes it).
    AffineTransform pixelForward = first.pixelForward;
    if (n > 1) {
      AffineTransform t = AffineTransform.identity();
      for (Warp.Step s : steps) {
        t = t.then(s.forward);
      }
      pixelForward = Warp.toPixels(t);
    }
    double[] m = OpenCv.invertAffine(pixelForward);
    this.m01 = m[1];
    this.m02 = m[2];
    this.m11 = m[4];
    this.m12 = m[5];
    this.adelta = new int[ow];
    this.bdelta = new int[ow];
    for (int x = 0; x < ow; x++) {
      adelta[x] = OpenCv.round(m[0] * x * (1 << AB));
      bdelta[x] = OpenCv.round(m[3] * x * (1 << AB));
    }
    this.aSlope = m[0] * (1 << AB);
    this.bSlope = m[3] * (1 << AB);
    this.aStep = Math.round(m[0] * (1 << AB) * 0x1p32);
    this.bStep = Math.round(m[3] * (1 << AB) * 0x1p32);
    this.stepping = steps(adelta, aStep) && steps(bdelta, bStep);
    boolean nearest = mode == Interpolation.NEAREST;
    this.roundDelta = nearest ? 1 << (AB - 1) : 1 << (AB - WBITS - 1);

    // The first step reads the window: constant fill, or clamping (edge fill, or a step that
    // never reads outside, whose half-pixel overhang at the border repeats the edge like a resize).
    FillMode sourceFill = first.fill;
    this.sourceConstant = sourceFill != null && !sourceFill.isEdge();
    this.sourceValue = sourceConstant ? sourceFill.value() : 0;

    // Frames a later step may read outside of: the inputs of steps with a fill. (A step without
    // one reads inside its input by construction; the fused map may overhang such a frame by at
    // most half a pixel, which the general path clamps.)
    int frames = 0;
    for (int k = 1; k < n; k++) {
      if (steps.get(k).fill != null) {
        frames++;
      }
    }
    this.frameMaps = new AffineTransform[frames];
    this.frameW = new double[frames];
    this.frameH = new double[frames];
    this.frameSoft = new boolean[frames];
    boolean uniform = true;
    int value = -1;
    for (int k = 1, j = 0; k < n; k++) {
      Warp.Step s = steps.get(k);
      if (s.fill == null) {
        continue;
      }
      AffineTransform tail = AffineTransform.identity();
      for (int i = k; i < n; i++) {
        tail = tail.then(steps.get(i).forward);
      }
      frameMaps[j] = tail.inverse();
      frameW[j] = s.inWidth;
      frameH[j] = s.inHeight;
      frameSoft[j] = isSoft(s);
      if (s.fill.isEdge() || (value >= 0 && value != s.fill.value())) {
        uniform = false;
      }
      value = s.fill.value();
      j++;
    }
    this.framesUniform = uniform;
    this.frameValue = Math.max(value, 0);

    this.stepInverse = new AffineTransform[n];
    this.stepInW = new int[n];
    this.stepInH = new int[n];
    this.stepFill = new FillMode[n];
    this.stepSoft = new boolean[n];
    for (int k = 0; k < n; k++) {
      Warp.Step s = steps.get(k);
      stepInverse[k] = s.forward.inverse();
      stepInW[k] = s.inWidth;
      stepInH[k] = s.inHeight;
      // A step that never reads outside its input clamps to it, as a resize does.
      stepFill[k] = s.fill == null ? FillMode.edge() : s.fill;
      stepSoft[k] = isSoft(s);
    }
  }

  /** Whether {@code floor((x·step + 2³¹) / 2³²) == delta[x]} for every x. */
  private static boolean steps(int[] delta, long step) {
    long acc = 1L << 31;
    for (int x = 0; x < delta.length; x++, acc += step) {
      if ((acc >> 32) != delta[x]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The interpolation a chain samples with: a single step its own ({@code cv2.warpAffine} reads
   * area as bilinear); a fused chain bilinear, or nearest if every step is nearest. (Fusing trades
   * exactness for one cheap pass; a cubic step alone, or step by step, is sampled cubically.)
   */
  static Interpolation kernelOf(List<Warp.Step> steps) {
    boolean single = steps.size() == 1;
    Interpolation mode = Interpolation.NEAREST;
    for (Warp.Step s : steps) {
      if (s.interpolation == Interpolation.CUBIC && single) {
        return Interpolation.CUBIC;
      }
      if (s.interpolation != null && s.interpolation != Interpolation.NEAREST && !s.isExact()) {
        mode = Interpolation.BILINEAR;
      }
    }
    return mode;
  }

  private static boolean isSoft(Warp.Step s) {
    // An interpolating step blends its fill into the edge; a nearest or exact step cuts.
    return s.interpolation != null && s.interpolation != Interpolation.NEAREST && !s.isExact();
  }

  @Override
  public void read(int y, int[] dst) {
    long x0 = (long) OpenCv.round((m01 * y + m02) * (1 << AB)) + roundDelta;
    long y0 = (long) OpenCv.round((m11 * y + m12) * (1 << AB)) + roundDelta;

    // [is, ie): inside every intermediate frame (taps never leave it); [os, oe): at least partly
    // inside every one of them. Floating point; it only chooses between fill, the general path
    // and the OpenCV path.
    int is = 0;
    int ie = ow;
    int os = 0;
    int oe = ow;
    for (int k = 0; k < frameMaps.length; k++) {
      AffineTransform g = frameMaps[k];
      double gxb = g.a() * 0.5 + g.b() * (y + 0.5) + g.c();
      double gyb = g.d() * 0.5 + g.e() * (y + 0.5) + g.f();
      double in = frameSoft[k] ? 0.5 : 0;
      double out = frameSoft[k] ? -0.5 : 0;
      long span = realSpan(g.a(), gxb, in, frameW[k] - in, is, ie);
      span = realSpan(g.d(), gyb, in, frameH[k] - in, (int) (span >> 32), (int) span);
      is = (int) (span >> 32);
      ie = (int) span;
      span = realSpan(g.a(), gxb, out, frameW[k] - out, os, oe);
      span = realSpan(g.d(), gyb, out, frameH[k] - out, (int) (span >> 32), (int) span);
      os = (int) (span >> 32);
      oe = (int) span;
    }
    if (os >= oe) {
      os = 0;
      oe = 0;
    }
    if (is >= ie || is < os || ie > oe) {
      is = os;
      ie = os;
    }

    // Within [is, ie): [as, ae) has at least one tap inside the window (outside it a constant
    // fill is exact), [fs, fe) has all taps inside.
    int as = is;
    int ae = ie;
    int lo = mode == Interpolation.CUBIC ? 1 : 0;
    int hiFull = mode == Interpolation.CUBIC ? 2 : mode == Interpolation.BILINEAR ? 1 : 0;
    if (sourceConstant && as < ae) {
      int reach = mode == Interpolation.CUBIC ? 2 : mode == Interpolation.BILINEAR ? 1 : 0;
      int back = mode == Interpolation.CUBIC ? 1 : 0;
      long span = span(x0, adelta, aSlope, -reach, sw - 1L + back, as, ae);
      span = span(y0, bdelta, bSlope, -reach, sh - 1L + back, (int) (span >> 32), (int) span);
      as = (int) (span >> 32);
      ae = (int) span;
      if (as >= ae) {
        as = is;
        ae = is;
      }
    }
    long span = span(x0, adelta, aSlope, lo, sw - 1L - hiFull, as, ae);
    span = span(y0, bdelta, bSlope, lo, sh - 1L - hiFull, (int) (span >> 32), (int) span);
    int fs = (int) (span >> 32);
    int fe = (int) span;
    if (fs >= fe) {
      fs = as;
      fe = as;
    }

    // [0,os) fill | [os,is) general | [is,as) window fill | [as,fs) border | [fs,fe) interior
    //   | [fe,ae) border | [ae,ie) window fill | [ie,oe) general | [oe,ow) fill
    fillOrGeneral(dst, y, 0, os, framesUniform, frameValue);
    fillOrGeneral(dst, y, os, is, false, 0);
    fillOrGeneral(dst, y, is, as, true, sourceValue);
    border(dst, as, fs, x0, y0);
    if (fs < fe) {
      int ix0 = (int) x0;
      int iy0 = (int) y0;
      switch (mode) {
        case NEAREST:
          nearest(dst, fs, fe, ix0, iy0);
          break;
        case CUBIC:
          cubic(dst, fs, fe, ix0, iy0);
          break;
        default:
          if (ch == 3) {
            bilinearLanes(dst, fs, fe, ix0, iy0);
          } else {
            bilinearN(dst, fs, fe, ix0, iy0);
          }
      }
    }
    border(dst, fe, ae, x0, y0);
    fillOrGeneral(dst, y, ae, ie, true, sourceValue);
    fillOrGeneral(dst, y, ie, oe, false, 0);
    fillOrGeneral(dst, y, oe, ow, framesUniform, frameValue);
  }

  /**
   * Intersects {@code [from, to)} with the pixels x for which {@code lo <= a*x + b <= hi}; returns
   * the new bounds packed as {@code start << 32 | end}.
   */
  private static long realSpan(double a, double b, double lo, double hi, int from, int to) {
    double start = from;
    double end = to - 1;
    if (a == 0) {
      if (b < lo || b > hi) {
        return pack(from, from);
      }
    } else {
      double x1 = (lo - b) / a;
      double x2 = (hi - b) / a;
      start = Math.max(start, Math.ceil(Math.min(x1, x2)));
      end = Math.min(end, Math.floor(Math.max(x1, x2)));
    }
    if (!(start <= end)) {
      return pack(from, from);
    }
    return pack((int) start, (int) end + 1);
  }

  /**
   * Intersects {@code [from, to)} with the x for which the tap index {@code (b + delta[x]) >> 10}
   * lies in {@code [lo, hi]}, exactly; {@code delta} (about {@code slope·x}) is monotonic, so that
   * set is an interval. Returns {@code start << 32 | end}.
   */
  private static long span(long b, int[] delta, double slope, long lo, long hi, int from, int to) {
    if (from >= to || lo > hi) {
      return pack(from, from);
    }
    boolean rising = slope >= 0;
    int start;
    int end;
    if (rising) {
      start = firstWhere(b, delta, slope, from, to, lo, true);
      end = firstWhere(b, delta, slope, start, to, hi + 1, true);
    } else {
      start = firstWhere(b, delta, slope, from, to, hi, false);
      end = firstWhere(b, delta, slope, start, to, lo - 1, false);
    }
    return start < end ? pack(start, end) : pack(from, from);
  }

  /**
   * The first x in {@code [from, to)} whose tap index is {@code >= limit} (rising) or {@code <=
   * limit} (falling), or {@code to}: guessed from the slope, then settled by checking the exact
   * integers on either side (a step or two); bisection if the guess is far off.
   */
  private static int firstWhere(
      long b, int[] delta, double slope, int from, int to, long limit, boolean rising) {
    int g = from;
    if (slope != 0) {
      // The tap index crosses limit where b + slope·x reaches limit·1024 (rising) or
      // (limit + 1)·1024 (falling).
      double crossing = ((rising ? limit : limit + 1) * (double) (1 << AB) - b) / slope;
      g = (int) Math.max(from, Math.min(to, Math.ceil(crossing)));
    }
    for (int walk = 0; walk < 4; walk++) {
      boolean here = g < to && holds(b, delta[g], limit, rising);
      if (here && (g == from || !holds(b, delta[g - 1], limit, rising))) {
        return g;
      }
      if (!here && g == to && (g == from || !holds(b, delta[g - 1], limit, rising))) {
        return to;
      }
      g += here || g == to ? -1 : 1;
    }
    int l = from;
    int h = to;
    while (l < h) {
      int mid = (l + h) >>> 1;
      if (holds(b, delta[mid], limit, rising)) {
        h = mid;
      } else {
        l = mid + 1;
      }
    }
    return l;
  }

  private static boolean holds(long b, int delta, long limit, boolean rising) {
    long v = (b + delta) >> AB;
    return rising ? v >= limit : v <= limit;
  }

  private static long pack(int start, int end) {
    return ((long) start << 32) | (end & 0xFFFFFFFFL);
  }

  private void fillOrGeneral(int[] dst, int y, int from, int to, boolean fill, int value) {
    if (from >= to) {
      return;
    }
    if (fill) {
      Arrays.fill(dst, from * ch, to * ch, value);
    } else {
      general(dst, y, from, to);
    }
  }

  private void bilinearLanes(int[] dst, int from, int to, int x0, int y0) {
    if (lanes == null) {
      lanes = buffers == null ? new long[sw * sh] : buffers.lanes(sw * sh);
      expandedRows = new boolean[sh];
    }
    // Rows the run reads: the row index is monotonic along the run, so its ends bound it; +1 for
    // the bottom taps.
    int va = (y0 + bdelta[from]) >> (2 * WBITS);
    int vb = (y0 + bdelta[to - 1]) >> (2 * WBITS);
    for (int row = Math.min(va, vb), hi = Math.max(va, vb) + 1; row <= hi; row++) {
      if (!expandedRows[row]) {
        expandRow(row);
        expandedRows[row] = true;
      }
    }
    if (stepping) {
      bilinearLanesStepping(dst, from, to, x0, y0);
      return;
    }
    final long[] s = lanes;
    final int w = sw;
    final int[] ad = adelta;
    final int[] bd = bdelta;
    final int[] d = dst;
    for (int x = from, o = from * 3; x < to; x++, o += 3) {
      int u = (x0 + ad[x]) >> WBITS;
      int v = (y0 + bd[x]) >> WBITS;
      blendLanes(s, (v >> WBITS) * w + (u >> WBITS), w, u & WMASK, v & WMASK, d, o);
    }
  }

  /**
   * The bilinear blend of the 2×2 lane taps from {@code s[i0]} (row width {@code w}) at fractions
   * {@code fx, fy}, stored as three values at {@code d[o]}. All weights are non-negative, so no
   * lane ever borrows: a plain lerp in each direction.
   */
  private static void blendLanes(long[] s, int i0, int w, long fx, long fy, int[] d, int o) {
    long gx = WONE - fx;
    int i1 = i0 + w;
    long top = s[i0] * gx + s[i0 + 1] * fx;
    long bottom = s[i1] * gx + s[i1 + 1] * fx;
    long r = (top * (WONE - fy) + bottom * fy + LANE_ROUND) >>> (2 * WBITS);
    d[o] = (int) r & 0xFF;
    d[o + 1] = (int) (r >>> LANE) & 0xFF;
    d[o + 2] = (int) (r >>> (2 * LANE)) & 0xFF;
  }

  /** {@link #bilinearLanes} with the column terms stepped: the same positions, fewer loads. */
  private void bilinearLanesStepping(int[] dst, int from, int to, int x0, int y0) {
    final long[] s = lanes;
    final int w = sw;
    final int[] d = dst;
    final long da = aStep;
    final long db = bStep;
    // (x0 + adelta[x]) >> 5 == (x0·2³² + x·aStep + 2³¹) >> 37, as checked in the constructor.
    long ua = ((long) x0 << 32) + from * da + (1L << 31);
    long va = ((long) y0 << 32) + from * db + (1L << 31);
    for (int o = from * 3, end = to * 3; o < end; o += 3, ua += da, va += db) {
      int u = (int) (ua >> (32 + WBITS));
      int v = (int) (va >> (32 + WBITS));
      blendLanes(s, (v >> WBITS) * w + (u >> WBITS), w, u & WMASK, v & WMASK, d, o);
    }
  }

  private void expandRow(int row) {
    // One little-endian 64-bit load fetches two pixels' R, G, B (and two more values, ignored): a
    // sixth of the loads of reading bytes. Near the end of the image data, where eight bytes are
    // not there, pixels are read byte by byte.
    final byte[] rgb = src;
    final long[] out = lanes;
    int p = row * sw;
    int end = p + sw;
    int i = base + row * stride;
    int pairs = Math.min(sw / 2, Math.max(0, Math.floorDiv(rgb.length - 8 - i, 6) + 1));
    for (int pend = p + 2 * pairs; p < pend; p += 2, i += 6) {
      long x = (long) LONG_LE.get(rgb, i);
      out[p] = lanes(x);
      out[p + 1] = lanes(x >>> 24);
    }
    for (; p < end; p++, i += 3) {
      out[p] =
          (rgb[i] & 0xFFL) | ((rgb[i + 1] & 0xFFL) << LANE) | ((rgb[i + 2] & 0xFFL) << (2 * LANE));
    }
  }

  /** The three low bytes of {@code x} in the three 21-bit lanes of a long. */
  private static long lanes(long x) {
    return (x & 0xFFL) | ((x & 0xFF00L) << (LANE - 8)) | ((x & 0xFF0000L) << (2 * LANE - 16));
  }

  private void bilinearN(int[] dst, int from, int to, int x0, int y0) {
    final byte[] s = src;
    final int c0 = ch;
    for (int x = from, o = from * c0; x < to; x++, o += c0) {
      int u = (x0 + adelta[x]) >> WBITS;
      int v = (y0 + bdelta[x]) >> WBITS;
      int fx = u & WMASK;
      int fy = v & WMASK;
      int i0 = base + (v >> WBITS) * stride + (u >> WBITS) * c0;
      int i1 = i0 + stride;
      for (int c = 0; c < c0; c++) {
        dst[o + c] =
            lerp2(
                s[i0 + c] & 0xFF,
                s[i0 + c0 + c] & 0xFF,
                s[i1 + c] & 0xFF,
                s[i1 + c0 + c] & 0xFF,
                fx,
                fy);
      }
    }
  }

  private void nearest(int[] dst, int from, int to, int x0, int y0) {
    final byte[] s = src;
    final int c0 = ch;
    for (int x = from, o = from * c0; x < to; x++, o += c0) {
      int i = base + ((y0 + bdelta[x]) >> AB) * stride + ((x0 + adelta[x]) >> AB) * c0;
      for (int c = 0; c < c0; c++) {
        dst[o + c] = s[i + c] & 0xFF;
      }
    }
  }

  private void cubic(int[] dst, int from, int to, int x0, int y0) {
    final byte[] s = src;
    final short[] tab = OpenCv.cubic2d();
    final int c0 = ch;
    for (int x = from, o = from * c0; x < to; x++, o += c0) {
      int u = (x0 + adelta[x]) >> WBITS;
      int v = (y0 + bdelta[x]) >> WBITS;
      int w = ((v & WMASK) * WONE + (u & WMASK)) * 16;
      int i = base + ((v >> WBITS) - 1) * stride + ((u >> WBITS) - 1) * c0;
      for (int c = 0; c < c0; c++) {
        int sum = 0;
        for (int k1 = 0, r = i + c; k1 < 4; k1++, r += stride) {
          sum +=
              (s[r] & 0xFF) * tab[w + 4 * k1]
                  + (s[r + c0] & 0xFF) * tab[w + 4 * k1 + 1]
                  + (s[r + 2 * c0] & 0xFF) * tab[w + 4 * k1 + 2]
                  + (s[r + 3 * c0] & 0xFF) * tab[w + 4 * k1 + 3];
        }
        dst[o + c] = remapCast(sum);
      }
    }
  }

  /** OpenCV's fixed-point cast of a warp sum: round, shift, saturate. */
  private static int remapCast(int sum) {
    int v = (sum + (1 << (OpenCv.REMAP_BITS - 1))) >> OpenCv.REMAP_BITS;
    return Math.max(0, Math.min(255, v));
  }

  /**
   * Pixels near the window border, inside every intermediate frame: OpenCV's positions with filled
   * or clamped taps.
   */
  private void border(int[] dst, int from, int to, long x0, long y0) {
    for (int x = from; x < to; x++) {
      long u = x0 + adelta[x];
      long v = y0 + bdelta[x];
      int o = x * ch;
      if (mode == Interpolation.NEAREST) {
        int ix = (int) clampIndex(u >> AB);
        int iy = (int) clampIndex(v >> AB);
        if (sourceConstant && (ix < 0 || iy < 0 || ix >= sw || iy >= sh)) {
          Arrays.fill(dst, o, o + ch, sourceValue);
        } else {
          int i = index(Math.min(Math.max(ix, 0), sw - 1), Math.min(Math.max(iy, 0), sh - 1));
          for (int c = 0; c < ch; c++) {
            dst[o + c] = src[i + c] & 0xFF;
          }
        }
        continue;
      }
      int ix = (int) clampIndex(u >> (2 * WBITS));
      int iy = (int) clampIndex(v >> (2 * WBITS));
      int fx = (int) ((u >> WBITS) & WMASK);
      int fy = (int) ((v >> WBITS) & WMASK);
      blendTaps(dst, o, ix, iy, fx, fy);
    }
  }

  /** Bounds a tap index far outside the window to just outside it, before narrowing to int. */
  private static long clampIndex(long i) {
    return Math.max(-8, Math.min(Short.MAX_VALUE + 8L, i));
  }

  /** The general per-pixel path: walks the chain backwards, blending or clamping at each frame. */
  private void general(int[] dst, int y, int from, int to) {
    int n = stepInverse.length;
    double[] acc = new double[ch];
    int[] tap = new int[ch];
    for (int x = from; x < to; x++) {
      double px = x + 0.5;
      double py = y + 0.5;
      int o = x * ch;
      Arrays.fill(acc, 0);
      double weight = 1;
      for (int k = n - 1; k >= 0 && weight > 0; k--) {
        AffineTransform inv = stepInverse[k];
        double qx = inv.mapX(px, py);
        double qy = inv.mapY(px, py);
        px = qx;
        py = qy;
        if (k == 0) {
          break; // the window: sampled below with its own border rule
        }
        int w = stepInW[k];
        int h = stepInH[k];
        FillMode fill = stepFill[k];
        double cover = stepSoft[k] ? cover(px, w) * cover(py, h) : hardCover(px, py, w, h);
        if (cover < 1 && !fill.isEdge()) {
          double part = weight * (1 - cover);
          for (int c = 0; c < ch; c++) {
            acc[c] += part * fill.value();
          }
          weight *= cover;
        }
        px = Math.min(Math.max(px, 0.5), w - 0.5);
        py = Math.min(Math.max(py, 0.5), h - 0.5);
      }
      if (weight > 0) {
        sample(tap, px - 0.5, py - 0.5);
        for (int c = 0; c < ch; c++) {
          acc[c] += weight * tap[c];
        }
      }
      for (int c = 0; c < ch; c++) {
        dst[o + c] = (int) Math.max(0, Math.min(255, Math.rint(acc[c])));
      }
    }
  }

  /**
   * The share of a bilinear footprint at continuous coordinate {@code p} (1 pixel wide, centred on
   * it) that falls on pixel centres of {@code [0, size)}: what part of an interpolated value an
   * input frame supplies; the rest is its fill.
   */
  private static double cover(double p, int size) {
    double s = p - 0.5;
    double i0 = Math.floor(s);
    double f = s - i0;
    double c = 0;
    if (i0 >= 0 && i0 <= size - 1) {
      c += 1 - f;
    }
    if (i0 + 1 >= 0 && i0 + 1 <= size - 1) {
      c += f;
    }
    return c;
  }

  private static double hardCover(double px, double py, int w, int h) {
    return px < 0 || py < 0 || px > w || py > h ? 0 : 1;
  }

  /**
   * Samples the window at pixel-index coordinates, with the window's border rule, into {@code out}.
   */
  private void sample(int[] out, double sx, double sy) {
    // Bound the coordinates first: far-away points are pure fill or edge anyway.
    sx = Math.min(Math.max(sx, -4.0), sw + 3.0);
    sy = Math.min(Math.max(sy, -4.0), sh + 3.0);
    if (mode == Interpolation.NEAREST) {
      int ix = (int) Math.floor(sx + 0.5);
      int iy = (int) Math.floor(sy + 0.5);
      for (int c = 0; c < ch; c++) {
        out[c] = tap(ix, iy, c);
      }
      return;
    }
    long fxp = (long) Math.floor(sx * WONE + 0.5);
    long fyp = (long) Math.floor(sy * WONE + 0.5);
    blendTaps(
        out,
        0,
        (int) (fxp >> WBITS),
        (int) (fyp >> WBITS),
        (int) (fxp & WMASK),
        (int) (fyp & WMASK));
  }

  /**
   * Writes the interpolation of the taps around {@code (x0 + fx/32, y0 + fy/32)}, with the window's
   * fill outside it, for every channel at {@code dst[o ..]}: OpenCV's border pixels.
   */
  private void blendTaps(int[] dst, int o, int x0, int y0, int fx, int fy) {
    if (mode == Interpolation.CUBIC) {
      if (sourceConstant && (x0 - 1 >= sw || x0 + 3 <= 0 || y0 - 1 >= sh || y0 + 3 <= 0)) {
        Arrays.fill(dst, o, o + ch, sourceValue);
        return;
      }
      short[] tab = OpenCv.cubic2d();
      int w = (fy * WONE + fx) * 16;
      for (int c = 0; c < ch; c++) {
        int sum = 0;
        for (int k1 = 0; k1 < 4; k1++) {
          for (int k2 = 0; k2 < 4; k2++) {
            sum += tap(x0 - 1 + k2, y0 - 1 + k1, c) * tab[w + 4 * k1 + k2];
          }
        }
        dst[o + c] = remapCast(sum);
      }
      return;
    }
    if (sourceConstant && (x0 >= sw || x0 + 1 < 0 || y0 >= sh || y0 + 1 < 0)) {
      Arrays.fill(dst, o, o + ch, sourceValue);
      return;
    }
    for (int c = 0; c < ch; c++) {
      dst[o + c] =
          lerp2(
              tap(x0, y0, c),
              tap(x0 + 1, y0, c),
              tap(x0, y0 + 1, c),
              tap(x0 + 1, y0 + 1, c),
              fx,
              fy);
    }
  }

  /**
   * Bilinear blend of four 8-bit taps with 5-bit fractions, rounded: OpenCV's 15-bit weights are
   * the exact products {@code (32−fx)(32−fy)·32}, so this is its result.
   */
  private static int lerp2(int p00, int p01, int p10, int p11, int fx, int fy) {
    int top = (p00 << WBITS) + (p01 - p00) * fx;
    int bottom = (p10 << WBITS) + (p11 - p10) * fx;
    return ((top << WBITS) + (bottom - top) * fy + (1 << (2 * WBITS - 1))) >> (2 * WBITS);
  }

  private int tap(int x, int y, int c) {
    if (x < 0 || y < 0 || x >= sw || y >= sh) {
      if (sourceConstant) {
        return sourceValue;
      }
      x = Math.min(Math.max(x, 0), sw - 1);
      y = Math.min(Math.max(y, 0), sh - 1);
    }
    return src[index(x, y) + c] & 0xFF;
  }

  private int index(int x, int y) {
    return base + y * stride + x * ch;
  }
}
