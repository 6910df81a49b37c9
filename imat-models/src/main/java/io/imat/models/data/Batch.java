package io.imat.models.data;

import com.google.common.collect.ImmutableList;

/**
 * A batch ready for the network: {@code size} pictures normalised to CHW floats, with their targets
 * and loss masks in the head's encoding, and the ids of the images they are. Pictures that could
 * not be read are not in it (see {@link #skipped()}).
 *
 * @param pixels {@code size × 3 × side × side} floats
 * @param target {@code size × targetWidth} floats
 * @param mask {@code size × maskWidth} floats
 * @param imageIds the ids, in row order
 * @param datasetIndexes the positions of the images in their dataset, in row order
 * @param side the picture side in pixels
 * @param skipped pictures of this batch that were missing or undecodable
 */
public record Batch(
    float[] pixels,
    float[] target,
    float[] mask,
    ImmutableList<String> imageIds,
    int[] datasetIndexes,
    int side,
    int skipped) {

  /** Pictures in the batch. */
  public int size() {
    return imageIds.size();
  }
}
