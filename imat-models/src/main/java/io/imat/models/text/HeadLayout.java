package io.imat.models.text;

import com.google.common.collect.ImmutableList;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;

/**
 * Where each softmax head sits in the text model's output layer: one head per task over the task's
 * labels (in {@link Task#labels()} order), then one head over the apparels, which says which tasks
 * an image is about.
 */
final class HeadLayout {
  private final Taxonomy taxonomy;
  private final int[] taskOffset;
  private final int[] taskApparel;
  private final ImmutableList<Apparel> apparels;
  private final int apparelOffset;
  private final int outputs;

  HeadLayout(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    this.apparels = taxonomy.apparels();
    this.taskOffset = new int[taxonomy.taskCount()];
    this.taskApparel = new int[taxonomy.taskCount()];
    int k = 0;
    for (Task t : taxonomy.tasks()) {
      taskOffset[t.index()] = k;
      taskApparel[t.index()] = apparels.indexOf(t.apparel());
      k += t.labels().size();
    }
    this.apparelOffset = k;
    this.outputs = k + apparels.size();
  }

  Taxonomy taxonomy() {
    return taxonomy;
  }

  /** First output of the head of task {@code taskIndex}. */
  int taskOffset(int taskIndex) {
    return taskOffset[taskIndex];
  }

  /** Number of labels of task {@code taskIndex}. */
  int taskSize(int taskIndex) {
    return taxonomy.tasks().get(taskIndex).labels().size();
  }

  /** Index in {@link #apparels()} of the apparel of task {@code taskIndex}. */
  int apparelOfTask(int taskIndex) {
    return taskApparel[taskIndex];
  }

  ImmutableList<Apparel> apparels() {
    return apparels;
  }

  /** First output of the apparel head. */
  int apparelOffset() {
    return apparelOffset;
  }

  /** Total outputs of all heads. */
  int outputs() {
    return outputs;
  }
}
