package io.imat.models.data;

import com.google.common.collect.ImmutableList;

/**
 * A batch ready for the network: {@code size} pictures normalised to CHW floats, with their targets
 * and loss masks in the head's encoding, and the ids of the images they are. Pictures that could
 * not be read are not in it: {@link #missing()} files did not exist (dead URLs), {@link
 * #unreadable()} ones existed but failed to decode.
 *
 * @param pixels {@code size × 3 × side × side} floats
 * @param target {@code size × targetWidth} floats
 * @param mask {@code size × maskWidth} floats
 * @param imageIds the ids, in row order
 * @param datasetIndexes the positions of the images in their dataset, in row order
 * @param side the picture side in pixels
 * @param missing pictures of this batch whose file does not exist
 * @param unreadable one line per picture of this batch that exists but could not be decoded (the
 *     file and the reason)
 */
public record Batch(
    float[] pixels,
    float[] target,
    float[] mask,
    ImmutableList<String> imageIds,
    int[] datasetIndexes,
    int side,
    int missing,
    ImmutableList<String> unreadable) {

  /** Pictures in the batch. */
  public int size() {
    return imageIds.size();
  }

  /** Pictures of the batch that were left out: missing or unreadable. */
  public int skipped() {
    return missing + unreadable.size();
  }
}
