package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Renders a {@link Warp} as a {@link RowSource}: the whole geometric chain becomes one
 * inverse-mapped affine transform, sampled once.
 *
 * <p>Each output row is split into runs. In the interior run all four bilinear taps are inside the
 * source and inside every intermediate frame; it runs on 16.16 fixed-point coordinates advanced by
 * a constant per-pixel increment, with 5-bit interpolation weights (OpenCV's precision), and no
 * bounds logic; for RGB it blends all three channels of a tap at once (SWAR lanes in a long). Runs
 * wholly outside an intermediate frame (the corners a rotation uncovers) are filled with the fill
 * value. Only the thin runs along borders sample with clamped or filled taps; where intermediate
 * frames exist they take the general per-pixel path, which walks the chain step by step to apply
 * each step's fill exactly as sequential augmentation would.
 *
 * <p>The interior run's extent is computed with exact integer arithmetic on the same fixed-point
 * values the loop uses, so the loop can never read outside the source.
 */
final class WarpKernel implements RowSource {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SHIFT = 16;
  private static final long ONE = 1L << SHIFT;
  // Interpolation weights have 5 bits (1/32 pixel, as OpenCV's INTER_BITS), so a whole bilinear
  // sum of 8-bit values fits in 18 bits and three channels fit in one long (see lanes).
  private static final int WBITS = 5;
  private static final int WONE = 1 << WBITS;
  private static final int WMASK = WONE - 1;
  private static final int LANE = 21;
  private static final long LANE_ONES = 1L | (1L << LANE) | (1L << (2 * LANE));
  private static final long LANE_ROUND = LANE_ONES << (2 * WBITS - 1);

  private final byte[] src;
  private final int sw;
  private final int sh;
  private final int ch;
  private final int ow;
  private final int oh;

  // Output pixel index -> source pixel index: sx = m00*x + m01*y + m02, sy = m10*x + m11*y + m12.
  private final double m00;
  private final double m01;
  private final double m02;
  private final double m10;
  private final double m11;
  private final double m12;
  private final boolean bilinear;
  private final boolean exactCopy;
  // RGB source with each pixel's channels in 21-bit lanes of one long (SWAR): a bilinear tap is
  // one load and one multiply for all three channels. Rows are expanded on first use, just before
  // the interior loop reads them, so they are still in cache; rows never read are never expanded.
  private long[] lanes;
  private boolean[] expandedRows;

  private final boolean sourceConstant;
  private final boolean sourceEdge;
  private final int sourceValue;

  // Intermediate frames that a later step may read outside of, as maps from the output pixel index
  // x (row term folded in per row) to continuous coordinates of that frame.
  private final AffineTransform[] constraintMaps;
  private final double[] constraintW;
  private final double[] constraintH;
  private final boolean constraintsUniform;
  private final int constraintValue;

  // The chain, for the general per-pixel path: per step (last first), output->input map, the
  // input frame size and the step's fill.
  private final AffineTransform[] stepInverse;
  private final int[] stepInW;
  private final int[] stepInH;
  private final FillMode[] stepFill;

  private final RenderBuffers buffers;

  WarpKernel(Image source, Warp warp, RenderBuffers buffers) {
    this.buffers = buffers;
    if (source.width() != warp.sourceWidth() || source.height() != warp.sourceHeight()) {
      throw new IllegalArgumentException(
          "warp expects a "
              + warp.sourceWidth()
              + "x"
              + warp.sourceHeight()
              + " source, got "
              + source);
    }
    this.src = source.data;
    this.sw = source.width();
    this.sh = source.height();
    this.ch = source.channels();
    this.ow = warp.width();
    this.oh = warp.height();
    List<Warp.Step> steps = warp.steps();
    int n = steps.size();

    boolean anyBilinear = false;
    boolean anyNearest = false;
    for (Warp.Step s : steps) {
      anyBilinear |= s.interpolation == Interpolation.BILINEAR;
      anyNearest |= s.interpolation == Interpolation.NEAREST;
    }
    this.bilinear = anyBilinear || !anyNearest;

    // Continuous output -> continuous source, then shifted to pixel indices (centres at integers).
    AffineTransform inv = warp.forward().inverse();
    this.m00 = inv.a();
    this.m01 = inv.b();
    this.m02 = 0.5 * inv.a() + 0.5 * inv.b() + inv.c() - 0.5;
    this.m10 = inv.d();
    this.m11 = inv.e();
    this.m12 = 0.5 * inv.d() + 0.5 * inv.e() + inv.f() - 0.5;

    FillMode first = steps.get(0).fill;
    // A first step that never reads outside still lands up to half a pixel beyond the outer pixel
    // centres; repeating the edge there is what a resize does.
    this.sourceEdge = first == null || first.isEdge();
    this.sourceConstant = !sourceEdge;
    this.sourceValue = sourceConstant ? first.value() : 0;

    int constraints = 0;
    for (int k = 1; k < n; k++) {
      if (steps.get(k).fill != null) {
        constraints++;
      }
    }
    this.constraintMaps = new AffineTransform[constraints];
    this.constraintW = new double[constraints];
    this.constraintH = new double[constraints];
    boolean uniform = true;
    int value = -1;
    int j = 0;
    for (int k = 1; k < n; k++) {
      Warp.Step s = steps.get(k);
      if (s.fill == null) {
        continue;
      }
      AffineTransform tail = AffineTransform.identity();
      for (int i = k; i < n; i++) {
        tail = tail.then(steps.get(i).forward);
      }
      constraintMaps[j] = tail.inverse();
      constraintW[j] = steps.get(k - 1).width;
      constraintH[j] = steps.get(k - 1).height;
      if (s.fill.isEdge() || (value >= 0 && value != s.fill.value())) {
        uniform = false;
      }
      value = s.fill.value();
      j++;
    }
    this.constraintsUniform = uniform;
    this.constraintValue = Math.max(value, 0);

    this.stepInverse = new AffineTransform[n];
    this.stepInW = new int[n];
    this.stepInH = new int[n];
    this.stepFill = new FillMode[n];
    for (int k = 0; k < n; k++) {
      Warp.Step s = steps.get(k);
      stepInverse[k] = s.forward.inverse();
      stepInW[k] = k == 0 ? sw : steps.get(k - 1).width;
      stepInH[k] = k == 0 ? sh : steps.get(k - 1).height;
      stepFill[k] = s.fill;
    }

    this.exactCopy =
        constraints == 0
            && isUnit(m00)
            && isUnit(m11)
            && Math.abs(m01) < 1e-9
            && Math.abs(m10) < 1e-9
            && isInteger(m02)
            && isInteger(m12);
  }

  private static boolean isUnit(double v) {
    return Math.abs(Math.abs(v) - 1) < 1e-9;
  }

  private static boolean isInteger(double v) {
    return Math.abs(v - Math.rint(v)) < 1e-9;
  }

  @Override
  public int width() {
    return ow;
  }

  @Override
  public int height() {
    return oh;
  }

  @Override
  public int channels() {
    return ch;
  }

  @Override
  public void read(int y, int[] dst) {
    if (exactCopy) {
      readExact(y, dst);
      return;
    }
    double bx = m01 * y + m02;
    double by = m11 * y + m12;

    // Run inside every intermediate frame (floating point; only decides fill versus sample).
    int cs = 0;
    int ce = ow;
    for (int k = 0; k < constraintMaps.length && cs < ce; k++) {
      AffineTransform g = constraintMaps[k];
      double gxb = g.a() * 0.5 + g.b() * (y + 0.5) + g.c();
      double gyb = g.d() * 0.5 + g.e() * (y + 0.5) + g.f();
      long span = realSpan(g.a(), gxb, 0, constraintW[k], cs, ce);
      cs = (int) (span >> 32);
      ce = (int) span;
      span = realSpan(g.d(), gyb, 0, constraintH[k], cs, ce);
      cs = (int) (span >> 32);
      ce = (int) span;
    }
    if (cs >= ce) {
      cs = 0;
      ce = 0;
    }

    // Run where at least one tap is inside the source: outside it a constant source fill is exact.
    int as = cs;
    int ae = ce;
    if (sourceConstant && as < ae) {
      long span = realSpan(m00, bx, -1.0, sw, as, ae);
      span = realSpan(m10, by, -1.0, sh, (int) (span >> 32), (int) span);
      as = (int) (span >> 32);
      ae = (int) span;
      if (as >= ae) {
        as = cs;
        ae = cs;
      }
    }

    // Interior run, exact in the fixed-point arithmetic of the loop.
    long bias = bilinear ? 1L << (SHIFT - WBITS - 1) : 1L << (SHIFT - 1);
    long u0 = Math.round(bx * ONE) + bias;
    long du = Math.round(m00 * ONE);
    long v0 = Math.round(by * ONE) + bias;
    long dv = Math.round(m10 * ONE);
    long uMax = bilinear ? ((long) (sw - 1) << SHIFT) - 1 : ((long) sw << SHIFT) - 1;
    long vMax = bilinear ? ((long) (sh - 1) << SHIFT) - 1 : ((long) sh << SHIFT) - 1;
    long span = intSpan(du, u0, uMax, as, ae);
    span = intSpan(dv, v0, vMax, (int) (span >> 32), (int) span);
    int fs = (int) (span >> 32);
    int fe = (int) span;
    if (fs >= fe) {
      fs = as;
      fe = as;
    }

    // [0,cs) frame fill | [cs,as) source fill | [as,fs) border | [fs,fe) interior
    //   | [fe,ae) border | [ae,ce) source fill | [ce,ow) frame fill
    fillOrGeneral(dst, y, 0, cs, constraintsUniform, constraintValue);
    fillOrGeneral(dst, y, cs, as, true, sourceValue);
    border(dst, y, as, fs, u0, du, v0, dv);
    if (fs < fe) {
      int u = (int) (u0 + fs * du);
      int v = (int) (v0 + fs * dv);
      if (!bilinear) {
        nearest(dst, fs, fe, u, v, (int) du, (int) dv);
      } else if (ch == 3) {
        bilinearLanes(dst, fs, fe, u, v, (int) du, (int) dv);
      } else {
        bilinearN(dst, fs, fe, u, v, (int) du, (int) dv);
      }
    }
    border(dst, y, fe, ae, u0, du, v0, dv);
    fillOrGeneral(dst, y, ae, ce, true, sourceValue);
    fillOrGeneral(dst, y, ce, ow, constraintsUniform, constraintValue);
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
   * Intersects {@code [from, to)} with the x for which {@code 0 <= b + a*x <= max} holds exactly in
   * integers; returns {@code start << 32 | end}.
   */
  private static long intSpan(long a, long b, long max, int from, int to) {
    long start = from;
    long end = to - 1L;
    if (a == 0) {
      if (b < 0 || b > max) {
        return pack(from, from);
      }
    } else if (a > 0) {
      start = Math.max(start, ceilDiv(-b, a));
      end = Math.min(end, Math.floorDiv(max - b, a));
    } else {
      start = Math.max(start, ceilDiv(b - max, -a));
      end = Math.min(end, Math.floorDiv(b, -a));
    }
    if (start > end) {
      return pack(from, from);
    }
    return pack((int) start, (int) end + 1);
  }

  private static long ceilDiv(long p, long q) {
    return -Math.floorDiv(-p, q);
  }

  private static long pack(int start, int end) {
    return ((long) start << 32) | (end & 0xFFFFFFFFL);
  }

  private void fillOrGeneral(int[] dst, int y, int from, int to, boolean fill, int value) {
    if (from >= to) {
      return;
    }
    if (fill) {
      java.util.Arrays.fill(dst, from * ch, to * ch, value);
    } else {
      general(dst, y, from, to);
    }
  }

  private void bilinearLanes(int[] dst, int from, int to, int u, int v, int du, int dv) {
    if (lanes == null) {
      lanes = buffers == null ? new long[sw * sh] : buffers.lanes(sw * sh);
      expandedRows = new boolean[sh];
    }
    // Rows the run reads: v is linear along the run, so its ends bound it; +1 for bottom taps.
    int vLast = v + (to - 1 - from) * dv;
    int rowLo = Math.min(v, vLast) >> SHIFT;
    int rowHi = (Math.max(v, vLast) >> SHIFT) + 1;
    for (int row = rowLo; row <= rowHi; row++) {
      if (!expandedRows[row]) {
        expandRow(row);
        expandedRows[row] = true;
      }
    }
    final long[] s = lanes;
    final int stride = sw;
    final int[] d = dst;
    for (int o = from * 3, end = to * 3; o < end; o += 3, u += du, v += dv) {
      // All weights are non-negative, so no lane ever borrows: a plain lerp in each direction.
      // (Fewer instructions than trading multiplies for biased differences; measured faster.)
      long fx = (u >>> (SHIFT - WBITS)) & WMASK;
      long fy = (v >>> (SHIFT - WBITS)) & WMASK;
      long gx = WONE - fx;
      int i0 = (v >> SHIFT) * stride + (u >> SHIFT);
      int i1 = i0 + stride;
      long top = s[i0] * gx + s[i0 + 1] * fx;
      long bottom = s[i1] * gx + s[i1 + 1] * fx;
      long r = (top * (WONE - fy) + bottom * fy + LANE_ROUND) >>> (2 * WBITS);
      d[o] = (int) r & 0xFF;
      d[o + 1] = (int) (r >>> LANE) & 0xFF;
      d[o + 2] = (int) (r >>> (2 * LANE)) & 0xFF;
    }
  }

  private void expandRow(int row) {
    // One little-endian 32-bit load fetches a pixel's R, G, B (and the next pixel's R, ignored):
    // a third of the loads of reading bytes. The image's last pixel has no byte after it.
    final byte[] rgb = src;
    final long[] out = lanes;
    int p = row * sw;
    int end = row == sh - 1 ? p + sw - 1 : p + sw;
    for (int i = 3 * p; p < end; p++, i += 3) {
      long x = (int) INT_LE.get(rgb, i);
      out[p] = (x & 0xFFL) | ((x & 0xFF00L) << (LANE - 8)) | ((x & 0xFF0000L) << (2 * LANE - 16));
    }
    if (row == sh - 1) {
      int i = 3 * p;
      out[p] =
          (rgb[i] & 0xFFL) | ((rgb[i + 1] & 0xFFL) << LANE) | ((rgb[i + 2] & 0xFFL) << (2 * LANE));
    }
  }

  private void bilinearN(int[] dst, int from, int to, int u, int v, int du, int dv) {
    final byte[] s = src;
    final int c0 = ch;
    final int stride = sw * c0;
    for (int x = from, o = from * c0; x < to; x++, o += c0, u += du, v += dv) {
      int fx = (u >>> (SHIFT - WBITS)) & WMASK;
      int fy = (v >>> (SHIFT - WBITS)) & WMASK;
      int i0 = (v >> SHIFT) * stride + (u >> SHIFT) * c0;
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

  private void nearest(int[] dst, int from, int to, int u, int v, int du, int dv) {
    final byte[] s = src;
    final int c0 = ch;
    final int stride = sw * c0;
    for (int x = from, o = from * c0; x < to; x++, o += c0, u += du, v += dv) {
      int i = (v >> SHIFT) * stride + (u >> SHIFT) * c0;
      for (int c = 0; c < c0; c++) {
        dst[o + c] = s[i + c] & 0xFF;
      }
    }
  }

  /**
   * Pixels near the source border. Without intermediate frames to honour, the composed map is
   * exact, so they use the interior's fixed-point coordinates with clamped (or filled) taps;
   * otherwise the general path.
   */
  private void border(int[] dst, int y, int from, int to, long u0, long du, long v0, long dv) {
    if (from >= to) {
      return;
    }
    if (constraintMaps.length > 0) {
      general(dst, y, from, to);
      return;
    }
    for (int x = from; x < to; x++) {
      long u = u0 + x * du;
      long v = v0 + x * dv;
      int o = x * ch;
      if (!bilinear) {
        int ix = (int) Math.max(-2, Math.min(sw + 1L, u >> SHIFT));
        int iy = (int) Math.max(-2, Math.min(sh + 1L, v >> SHIFT));
        for (int c = 0; c < ch; c++) {
          dst[o + c] = tap(ix, iy, c);
        }
        continue;
      }
      // Far-away points only ever see the fill or the clamped edge: bound them before narrowing.
      u = Math.max(-2L << SHIFT, Math.min((long) (sw + 1) << SHIFT, u));
      v = Math.max(-2L << SHIFT, Math.min((long) (sh + 1) << SHIFT, v));
      blendTaps(
          dst,
          o,
          (int) (u >> SHIFT),
          (int) (v >> SHIFT),
          (int) (u >> (SHIFT - WBITS)) & WMASK,
          (int) (v >> (SHIFT - WBITS)) & WMASK);
    }
  }

  /** The general per-pixel path: walks the chain backwards, applying each step's fill. */
  private void general(int[] dst, int y, int from, int to) {
    for (int x = from; x < to; x++) {
      double px = x + 0.5;
      double py = y + 0.5;
      int o = x * ch;
      boolean filled = false;
      for (int k = stepInverse.length - 1; k >= 0; k--) {
        AffineTransform inv = stepInverse[k];
        double qx = inv.mapX(px, py);
        double qy = inv.mapY(px, py);
        px = qx;
        py = qy;
        FillMode fill = stepFill[k];
        if (k > 0 && fill != null) {
          int w = stepInW[k];
          int h = stepInH[k];
          if (px < 0 || py < 0 || px > w || py > h) {
            if (!fill.isEdge()) {
              java.util.Arrays.fill(dst, o, o + ch, fill.value());
              filled = true;
              break;
            }
            px = Math.min(Math.max(px, 0.5), w - 0.5);
            py = Math.min(Math.max(py, 0.5), h - 0.5);
          }
        }
      }
      if (!filled) {
        sample(dst, o, px - 0.5, py - 0.5);
      }
    }
  }

  /** Samples the source at pixel-index coordinates with the source's fill at its borders. */
  private void sample(int[] dst, int o, double sx, double sy) {
    if (!bilinear) {
      int ix = (int) Math.floor(sx + 0.5);
      int iy = (int) Math.floor(sy + 0.5);
      if (ix < 0 || iy < 0 || ix >= sw || iy >= sh) {
        if (sourceConstant) {
          java.util.Arrays.fill(dst, o, o + ch, sourceValue);
          return;
        }
        ix = Math.min(Math.max(ix, 0), sw - 1);
        iy = Math.min(Math.max(iy, 0), sh - 1);
      }
      int i = (iy * sw + ix) * ch;
      for (int c = 0; c < ch; c++) {
        dst[o + c] = src[i + c] & 0xFF;
      }
      return;
    }
    // Bound the coordinates before converting: far-away points are pure fill anyway.
    sx = Math.min(Math.max(sx, -2.0), sw + 1.0);
    sy = Math.min(Math.max(sy, -2.0), sh + 1.0);
    long fxp = (long) Math.floor(sx * WONE + 0.5);
    long fyp = (long) Math.floor(sy * WONE + 0.5);
    blendTaps(
        dst,
        o,
        (int) (fxp >> WBITS),
        (int) (fyp >> WBITS),
        (int) (fxp & WMASK),
        (int) (fyp & WMASK));
  }

  /**
   * Writes the bilinear blend of the four taps right and below of {@code (x0, y0)}, with the
   * source's fill outside it, for every channel at {@code dst[o ..]}.
   */
  private void blendTaps(int[] dst, int o, int x0, int y0, int fx, int fy) {
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

  /** Bilinear blend of four 8-bit taps with {@link #WBITS}-bit weights, rounded. */
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
    return src[(y * sw + x) * ch + c] & 0xFF;
  }

  /** A map of pixel centres onto pixel centres (flips, integer crops): a plain copy. */
  private void readExact(int y, int[] dst) {
    int sy = (int) Math.rint(m11 * y + m12);
    if (sy < 0 || sy >= sh) {
      if (sourceConstant) {
        java.util.Arrays.fill(dst, 0, ow * ch, sourceValue);
        return;
      }
      sy = Math.min(Math.max(sy, 0), sh - 1);
    }
    int step = m00 > 0 ? 1 : -1;
    int sx0 = (int) Math.rint(m02);
    // Output pixels whose source column exists: [xs, xe).
    int xs;
    int xe;
    if (step > 0) {
      xs = Math.max(0, -sx0);
      xe = Math.min(ow, sw - sx0);
    } else {
      xs = Math.max(0, sx0 - (sw - 1));
      xe = Math.min(ow, sx0 + 1);
    }
    if (xs >= xe) {
      xs = 0;
      xe = 0;
    }
    for (int x = 0; x < xs; x++) {
      exactBorder(dst, x, sx0 + step * x, sy);
    }
    int base = (sy * sw + sx0 + step * xs) * ch;
    final byte[] s = src;
    if (step > 0) {
      int n = (xe - xs) * ch;
      for (int i = 0, o = xs * ch; i < n; i++, o++) {
        dst[o] = s[base + i] & 0xFF;
      }
    } else if (ch == 3) {
      for (int x = xs, o = xs * 3, i = base; x < xe; x++, o += 3, i -= 3) {
        dst[o] = s[i] & 0xFF;
        dst[o + 1] = s[i + 1] & 0xFF;
        dst[o + 2] = s[i + 2] & 0xFF;
      }
    } else {
      for (int x = xs, o = xs * ch, i = base; x < xe; x++, o += ch, i -= ch) {
        for (int c = 0; c < ch; c++) {
          dst[o + c] = s[i + c] & 0xFF;
        }
      }
    }
    for (int x = xe; x < ow; x++) {
      exactBorder(dst, x, sx0 + step * x, sy);
    }
  }

  private void exactBorder(int[] dst, int x, int sx, int sy) {
    int o = x * ch;
    if (sourceConstant) {
      java.util.Arrays.fill(dst, o, o + ch, sourceValue);
      return;
    }
    int i = (sy * sw + Math.min(Math.max(sx, 0), sw - 1)) * ch;
    for (int c = 0; c < ch; c++) {
      dst[o + c] = src[i + c] & 0xFF;
    }
  }
}
