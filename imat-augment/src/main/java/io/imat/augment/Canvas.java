package io.imat.augment;

import io.imat.augment.geometry.AffineTransform;
import io.imat.augment.geometry.BoundingBox;
import io.imat.augment.geometry.Keypoint;
import io.imat.augment.image.FillMode;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import io.imat.augment.image.LookupTable;
import io.imat.augment.image.RenderBuffers;
import io.imat.augment.image.Renderer;
import io.imat.augment.image.RowFilter;
import io.imat.augment.image.Warp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The image one augmentation call is working on, with the work not yet done. Augmenters record
 * geometric steps ({@link #transform}) and pixel stages ({@link #filter}); the canvas defers both,
 * so consecutive geometric steps fuse into one warp and the pixel stages stream behind it in the
 * same pass. Keypoints and boxes are moved right away, with the exact map the pixels will follow.
 *
 * <p>Fusing ({@link #fuseGeometry(boolean)}, on by default) resamples a chain of several resampling
 * steps (a resized crop, then a rotation) once; with it off, every geometric step is rendered on
 * its own before the next is recorded, as imgaug does, which gives imgaug's bytes for the whole
 * chain at the cost of one pass per step. A single resampling step gives imgaug's bytes either way.
 *
 * <p>A canvas is the working state of one call: it is mutable and confined to the thread running
 * that call. Everything it hands out ({@link #image()}, {@link #toSample()}) is immutable.
 */
public final class Canvas {
  private Image image;
  private Warp warp;
  private final List<RowFilter> filters = new ArrayList<>();
  private final List<Keypoint> keypoints;
  private final List<BoundingBox> boxes;
  private final RenderBuffers buffers;
  private boolean fuseGeometry = true;

  private Canvas(
      Image image, List<Keypoint> keypoints, List<BoundingBox> boxes, RenderBuffers buffers) {
    this.image = image;
    this.buffers = buffers;
    this.warp = Warp.on(image.width(), image.height());
    this.keypoints = new ArrayList<>(keypoints);
    this.boxes = new ArrayList<>(boxes);
  }

  /** A canvas holding {@code image}. */
  public static Canvas of(Image image) {
    return new Canvas(image, List.of(), List.of(), new RenderBuffers());
  }

  /** A canvas holding {@code sample}'s image and annotations. */
  public static Canvas of(Sample sample) {
    return of(sample, new RenderBuffers());
  }

  /**
   * A canvas holding {@code sample}, rendering with scratch memory from {@code buffers} (which must
   * not be used by another thread meanwhile).
   */
  public static Canvas of(Sample sample, RenderBuffers buffers) {
    return new Canvas(
        sample.image(), sample.keypoints(), sample.boxes(), Objects.requireNonNull(buffers));
  }

  /**
   * Whether consecutive geometric steps are rendered together (default {@code true}): one
   * resampling for the chain. With {@code false}, each step recorded from now on is rendered on its
   * own, step by step like imgaug, before the next one is recorded. Returns the previous setting,
   * so that a wrapper can restore it.
   */
  public boolean fuseGeometry(boolean fuse) {
    boolean before = fuseGeometry;
    fuseGeometry = fuse;
    return before;
  }

  /** Current width, including pending geometric steps. */
  public int width() {
    return warp.width();
  }

  /** Current height, including pending geometric steps. */
  public int height() {
    return warp.height();
  }

  /** Channels per pixel. */
  public int channels() {
    return image.channels();
  }

  /**
   * Records an exact geometric step: {@code forward} maps pixel centres onto pixel centres and
   * never reads outside the current frame (a flip, a crop without resizing).
   */
  public void transform(AffineTransform forward, int newWidth, int newHeight) {
    beforeGeometry();
    warp = warp.then(forward, newWidth, newHeight);
    moveAnnotations(forward);
  }

  /** Records a resampling step that reads only inside the current frame (a resize). */
  public void transform(
      AffineTransform forward, int newWidth, int newHeight, Interpolation interpolation) {
    beforeGeometry();
    warp = warp.then(forward, newWidth, newHeight, interpolation);
    moveAnnotations(forward);
  }

  /**
   * Records a resampling step that may read outside the current frame (an affine transform), where
   * it writes {@code fill}.
   */
  public void transform(
      AffineTransform forward,
      int newWidth,
      int newHeight,
      Interpolation interpolation,
      FillMode fill) {
    beforeGeometry();
    warp = warp.then(forward, newWidth, newHeight, interpolation, fill);
    moveAnnotations(forward);
  }

  /**
   * Records a resampling step as {@link #transform(AffineTransform, int, int, Interpolation,
   * FillMode)}, sampling pixels with {@code pixelForward}, the map from input to output pixel
   * indices exactly as the augmenter's reference library computes it (see {@link
   * Warp#then(AffineTransform, AffineTransform, int, int, Interpolation, FillMode)}); {@code
   * forward} moves the annotations.
   */
  public void transform(
      AffineTransform forward,
      AffineTransform pixelForward,
      int newWidth,
      int newHeight,
      Interpolation interpolation,
      FillMode fill) {
    beforeGeometry();
    warp = warp.then(forward, pixelForward, newWidth, newHeight, interpolation, fill);
    moveAnnotations(forward);
  }

  /**
   * Records a pixel stage to run on the current frame. Consecutive lookup tables are composed into
   * one.
   */
  public void filter(RowFilter filter) {
    if (filter instanceof LookupTable && !filters.isEmpty()) {
      RowFilter last = filters.get(filters.size() - 1);
      if (last instanceof LookupTable) {
        filters.set(filters.size() - 1, ((LookupTable) last).andThen((LookupTable) filter));
        return;
      }
    }
    filters.add(filter);
  }

  /** The image with all recorded work done. */
  public Image image() {
    flush();
    return image;
  }

  /** The image and its annotations with all recorded work done. */
  public Sample toSample() {
    return Sample.of(image(), keypoints, boxes);
  }

  /** The keypoints in the current frame's coordinates (a snapshot). */
  public List<Keypoint> keypoints() {
    return List.copyOf(keypoints);
  }

  /** The boxes in the current frame's coordinates (a snapshot). */
  public List<BoundingBox> boxes() {
    return List.copyOf(boxes);
  }

  private void beforeGeometry() {
    // Pixel stages must see the frame they were recorded on: render them before moving on. Step
    // by step, a pending resampling step is rendered before the next step is recorded (pixel
    // copies such as crops and flips may wait: they render exactly with their neighbours).
    if (!filters.isEmpty() || (!fuseGeometry && warp.resamplingSteps() > 0)) {
      flush();
    }
  }

  private void flush() {
    if (warp.isEmpty() && filters.isEmpty()) {
      return;
    }
    image = Renderer.render(image, warp, filters, buffers);
    warp = Warp.on(image.width(), image.height());
    filters.clear();
  }

  private void moveAnnotations(AffineTransform forward) {
    for (int i = 0; i < keypoints.size(); i++) {
      keypoints.set(i, forward.map(keypoints.get(i)));
    }
    for (int i = 0; i < boxes.size(); i++) {
      boxes.set(i, forward.map(boxes.get(i)));
    }
  }
}
