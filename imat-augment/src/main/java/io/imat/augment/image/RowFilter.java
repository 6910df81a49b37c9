package io.imat.augment.image;

/**
 * One stage of the render pipeline: a description of a per-row operation (a pixel transform, a
 * blur) that {@link #connect}s to an upstream {@link RowSource} to produce a new one. Filters are
 * immutable and can be connected many times; any state of a single render (a window of rows, a
 * random stream) lives in the source {@code connect} returns.
 */
public interface RowFilter {

  /** Returns a source producing this filter's output rows from {@code upstream}'s. */
  RowSource connect(RowSource upstream);
}
