package io.imat.augment.image;

/**
 * Scratch memory a render may reuse from the previous render on the same thread, such as the
 * lane-expanded copy of an RGB source (8 bytes a pixel: 2 MB for a 512×512 picture, which would
 * otherwise be allocated and zeroed for every image). Results never depend on what a buffer held
 * before. Not thread-safe: give each worker thread its own; {@link io.imat.augment.BatchAugmenter}
 * does.
 */
public final class RenderBuffers {
  private long[] lanes;

  /** Empty buffers; they grow on first use. */
  public RenderBuffers() {}

  long[] lanes(int size) {
    if (lanes == null || lanes.length < size) {
      lanes = new long[size];
    }
    return lanes;
  }
}
