package io.imat.api.dataset;

/**
 * What a loader does with an annotation whose task id, label id or image id is unknown, or whose
 * label is not valid for its task.
 */
public enum UnknownIdPolicy {
  /** Fail with an {@link io.imat.api.io.InvalidDataException} naming the element. */
  REJECT,
  /** Drop the annotation and count it ({@link ImatDataset#skippedAnnotations()}). */
  SKIP
}
