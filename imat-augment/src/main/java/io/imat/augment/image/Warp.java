package io.imat.augment.image;

import io.imat.augment.geometry.AffineTransform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A chain of geometric steps (crop, flip, affine, resize, …) to be rendered in <em>one</em>
 * resampling pass. Each step maps its input frame to a new output frame of a given size; the render
 * composes the chain into a single inverse-mapped affine transform, so a crop, a flip and a
 * rotation cost one bilinear interpolation instead of three, and blur the picture once instead of
 * three times.
 *
 * <p>Fusing must not change what the image shows, so the render remembers each intermediate frame
 * that a later step may sample outside of (a crop followed by a rotation): where the fused map
 * lands outside such a frame it fills, as sequential imgaug would, instead of revealing pixels the
 * crop had removed.
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
    return append(new Step(forward, width, height, null, null));
  }

  /**
   * Appends a resampling step that reads only inside its input (a resize, a crop resized back to
   * the original size).
   */
  public Warp then(AffineTransform forward, int width, int height, Interpolation interpolation) {
    return append(new Step(forward, width, height, Objects.requireNonNull(interpolation), null));
  }

  /**
   * Appends a resampling step that may read outside its input (an affine transform, a padding
   * crop), filling there with {@code fill}.
   */
  public Warp then(
      AffineTransform forward, int width, int height, Interpolation interpolation, FillMode fill) {
    return append(
        new Step(
            forward,
            width,
            height,
            Objects.requireNonNull(interpolation),
            Objects.requireNonNull(fill)));
  }

  private Warp append(Step step) {
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

  /** One step of the chain. Null interpolation: exact step; null fill: never reads outside. */
  static final class Step {
    final AffineTransform forward;
    final int width;
    final int height;
    final Interpolation interpolation;
    final FillMode fill;

    Step(
        AffineTransform forward,
        int width,
        int height,
        Interpolation interpolation,
        FillMode fill) {
      this.forward = Objects.requireNonNull(forward);
      this.width = width;
      this.height = height;
      this.interpolation = interpolation;
      this.fill = fill;
    }
  }
}
