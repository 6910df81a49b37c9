package io.imat.api.dataset;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableSet;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;

/**
 * The ground truth of one annotated (image, task) pair: the set of labels that are all correct
 * answers. Most pairs have one label; some have several (synonyms, multi-coloured items).
 */
@AutoValue
public abstract class Annotation {
  Annotation() {}

  /** Creates an annotation. */
  public static Annotation of(String imageId, Task task, ImmutableSet<Label> labels) {
    return new AutoValue_Annotation(imageId, task, labels);
  }

  /** The image. */
  public abstract String imageId();

  /** The task. */
  public abstract Task task();

  /** The correct labels (at least one). */
  public abstract ImmutableSet<Label> labels();

  /** Whether {@code label} is one of the correct labels. */
  public boolean isCorrect(Label label) {
    return labels().contains(label);
  }
}
