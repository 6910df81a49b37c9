package io.imat.api.predict;

import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import java.util.Optional;

/**
 * Anything that answers the competition's question: the one label predicted for an (image, task)
 * pair. {@link Predictions} and {@link io.imat.api.submission.Submission} are the two kinds.
 */
@FunctionalInterface
public interface TopOnePredictor {
  /** The predicted label, or empty when there is no prediction (scored as an error). */
  Optional<Label> top1(String imageId, Task task);
}
