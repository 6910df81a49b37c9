package io.imat.spark;

import io.imat.models.Classifier;
import java.io.Serializable;

/**
 * How to configure a {@link Classifier} on an executor: a serializable function of its builder (a
 * {@code Classifier} itself holds an augmenter and other objects that do not travel). Capture only
 * serializable values (strings, numbers, enums).
 *
 * <pre>{@code
 * ClassifierRecipe r = b -> b.backbone(Backbone.RESNET50).imageSize(224).epochs(20);
 * }</pre>
 *
 * <p>After the recipe, the job sets what belongs to the cluster: {@code computeThreads} (the task's
 * CPUs), {@code resume(true)} (a retried task continues from the last epoch's checkpoint) and a
 * progress listener that stops a killed task between batches.
 */
@FunctionalInterface
public interface ClassifierRecipe extends Serializable {
  /** Sets the classifier's options on {@code builder}. */
  void configure(Classifier.Builder builder);
}
