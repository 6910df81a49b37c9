package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A chain of geometric steps (crop, flip, affine, resize, …) to be rendered together. Each step
 * maps its input frame to a new output frame of a given size.
 *
 * <p>How the {@link Renderer} renders a chain: steps that map pixel centres onto pixel centres
 * (flips, integer crops, pads) are pixel copies and cost nothing extra; a chain with one resampling
 * step (a resize, an affine) is rendered with that step's OpenCV algorithm, reading the crop window
 * before it directly, so it gives imgaug's bytes. A chain with several resampling steps is
 * <em>fused</em>: composed into a single inverse-mapped affine transform and sampled once, so a
 * resized crop, a flip and a rotation cost one interpolation instead of two, and blur the picture
 * once. Fusing keeps what the picture shows: the render remembers each intermediate frame a later
 * step may sample outside of (a crop followed by a rotation) and, where the fused map leaves such a
 * frame, blends with that step's fill over the same one-pixel band OpenCV's interpolation would,
 * instead of revealing pixels the crop removed. To resample step by step, as imgaug does, render
 * one step at a time ({@code Canvas.fuseGeometry(false)}).
 *
 * <p>Immutable; {@link #then} returns a new chain.
 */
public final class Warp {
  private final int sourceWidth;
  private final int sourceHeight;
  private final List<Step> steps;

  private Warp(int sourceWidth, int sourceHeight, List<Step> steps) {
    this.sourceWidth = sourceWidth;
    this.sourceHeight = sourceHeight;
    this.steps = steps;
  }

  /** The empty chain on a {@code width × height} source. */
  public static Warp on(int width, int height) {
    Image.checkShape(width, height, 1);
    return new Warp(width, height, List.of());
  }

  /**
   * Appends a step that maps pixel centres exactly onto pixel centres and never reads outside its
   * input (a flip, a crop without resizing): it needs no interpolation of its own.
   */
  public Warp then(AffineTransform forward, int width, int height) {
    return append(forward, null, width, height, null, null);
  }

  /**
   * Appends a resampling step that reads only inside its input (a resize, a crop resized back to
   * the original size).
   */
  public Warp then(AffineTransform forward, int width, int height, Interpolation interpolation) {
    return append(forward, null, width, height, Objects.requireNonNull(interpolation), null);
  }

  /**
   * Appends a resampling step that may read outside its input (an affine transform, a padding
   * crop), filling there with {@code fill}.
   */
  public Warp then(
      AffineTransform forward, int width, int height, Interpolation interpolation, FillMode fill) {
    return append(
        forward,
        null,
        width,
        height,
        Objects.requireNonNull(interpolation),
        Objects.requireNonNull(fill));
  }

  /**
   * Appends a resampling step as {@link #then(AffineTransform, int, int, Interpolation, FillMode)},
   * with the map from input to output pixel indices that OpenCV is to invert given exactly: {@code
   * forward} moves keypoints, {@code pixelForward} samples pixels. An augmenter that reproduces a
   * library's matrix (imgaug's {@code Affine}) passes the matrix as that library computes it, so
   * the rounding of every sampling position is the same; otherwise it is derived from {@code
   * forward} ({@code p -> forward(p + ½) − ½}).
   */
  public Warp then(
      AffineTransform forward,
      AffineTransform pixelForward,
      int width,
      int height,
      Interpolation interpolation,
      FillMode fill) {
    return append(
        forward,
        Objects.requireNonNull(pixelForward),
        width,
        height,
        Objects.requireNonNull(interpolation),
        Objects.requireNonNull(fill));
  }

  private Warp append(
      AffineTransform forward,
      AffineTransform pixelForward,
      int width,
      int height,
      Interpolation interpolation,
      FillMode fill) {
    Step step =
        new Step(forward, pixelForward, width(), height(), width, height, interpolation, fill);
    Image.checkShape(step.width, step.height, 1);
    if (step.forward.determinant() == 0) {
      throw new IllegalArgumentException("geometric step collapses the image: " + step.forward);
    }
    List<Step> next = new ArrayList<>(steps.size() + 1);
    next.addAll(steps);
    next.add(step);
    return new Warp(sourceWidth, sourceHeight, Collections.unmodifiableList(next));
  }

  /** Source width. */
  public int sourceWidth() {
    return sourceWidth;
  }

  /** Source height. */
  public int sourceHeight() {
    return sourceHeight;
  }

  /** Output width: that of the last step, or the source's. */
  public int width() {
    return steps.isEmpty() ? sourceWidth : steps.get(steps.size() - 1).width;
  }

  /** Output height: that of the last step, or the source's. */
  public int height() {
    return steps.isEmpty() ? sourceHeight : steps.get(steps.size() - 1).height;
  }

  /**
   * Number of steps that resample (not pixel copies such as flips and integer crops): a chain with
   * at most one is rendered exactly as OpenCV renders that step; more are fused.
   */
  public int resamplingSteps() {
    int n = 0;
    for (Step s : steps) {
      n += s.isExact() ? 0 : 1;
    }
    return n;
  }

  /** Whether the chain has no step. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The composed map from source to output, in continuous pixel coordinates. */
  public AffineTransform forward() {
    AffineTransform t = AffineTransform.identity();
    for (Step s : steps) {
      t = t.then(s.forward);
    }
    return t;
  }

  List<Step> steps() {
    return steps;
  }

  @Override
  public String toString() {
    return "Warp["
        + sourceWidth
        + "x"
        + sourceHeight
        + " -> "
        + width()
        + "x"
        + height()
        + ", "
        + steps.size()
        + " steps]";
  }

  /**
   * One step of the chain, from an {@code inWidth × inHeight} frame to a {@code width × height}
   * one. Null interpolation: exact step; null fill: never reads outside.
   */
  static final class Step {
    final AffineTransform forward;
    final AffineTransform pixelForward;
    final int width;
    final int height;
    final Interpolation interpolation;
    final FillMode fill;
    final int inWidth;
    final int inHeight;

    Step(
        AffineTransform forward,
        AffineTransform pixelForward,
        int inWidth,
        int inHeight,
        int width,
        int height,
        Interpolation interpolation,
        FillMode fill) {
      this.forward = Objects.requireNonNull(forward);
      this.pixelForward = pixelForward != null ? pixelForward : toPixels(forward);
      this.inWidth = inWidth;
      this.inHeight = inHeight;
      this.width = width;
      this.height = height;
      this.interpolation = interpolation;
      this.fill = fill;
    }

    /**
     * Whether the step maps pixel centres onto pixel centres (a flip, an integer shift or crop, a
     * pad): whatever its interpolation, it copies pixels.
     */
    boolean isExact() {
      return isExactMap(forward);
    }

    /**
     * Whether the step is a resize: it scales its whole input frame onto its whole output frame and
     * never reads outside ({@code cv2.resize} rather than {@code cv2.warpAffine}).
     */
    boolean isResize() {
      AffineTransform t = forward;
      return fill == null
          && t.b() == 0
          && t.d() == 0
          && t.c() == 0
          && t.f() == 0
          && Math.abs(t.a() * inWidth - width) < 1e-9 * width
          && Math.abs(t.e() * inHeight - height) < 1e-9 * height;
    }
  }

  /** Whether {@code t} maps pixel centres onto pixel centres: ±1 axis scales, integer shifts. */
  static boolean isExactMap(AffineTransform t) {
    return Math.abs(Math.abs(t.a()) - 1) < 1e-12
        && Math.abs(Math.abs(t.e()) - 1) < 1e-12
        && Math.abs(t.b()) < 1e-12
        && Math.abs(t.d()) < 1e-12
        && Math.abs(t.c() - Math.rint(t.c())) < 1e-9
        && Math.abs(t.f() - Math.rint(t.f())) < 1e-9;
  }

  /**
   * {@code forward} (continuous coordinates) as a map of pixel indices: {@code p -> t(p + ½) − ½}.
   */
  static AffineTransform toPixels(AffineTransform forward) {
    return AffineTransform.translation(0.5, 0.5)
        .then(forward)
        .then(AffineTransform.translation(-0.5, -0.5));
  }
}
