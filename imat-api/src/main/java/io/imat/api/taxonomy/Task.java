package io.imat.api.taxonomy;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;

/**
 * One attribute question about one apparel, such as {@code shoe:color} (id {@code 3}), with the
 * labels that are valid answers to it. The competition asks for one label per annotated (image,
 * task) pair, chosen among {@link #labels()}.
 */
@AutoValue
public abstract class Task {
  Task() {}

  static Task create(
      String id,
      String name,
      Apparel apparel,
      String attribute,
      int index,
      ImmutableList<Label> labels) {
    return new AutoValue_Task(id, name, apparel, attribute, index, labels);
  }

  /** The id used in the data files, e.g. {@code "3"}. */
  public abstract String id();

  /** The full name, {@code apparel:attribute}, e.g. {@code shoe:color}. */
  public abstract String name();

  /** The apparel the task is about. */
  public abstract Apparel apparel();

  /** The attribute, e.g. {@code color} or {@code up height}. */
  public abstract String attribute();

  /** The position of this task in {@link Taxonomy#tasks()}. */
  public abstract int index();

  /**
   * The labels that are valid answers, in taxonomy order; empty when the taxonomy was loaded
   * without task–label lists and none were derived yet.
   */
  public abstract ImmutableList<Label> labels();

  /** Whether {@code label} is a valid answer to this task. */
  public boolean accepts(Label label) {
    for (Label l : labels()) {
      if (l.index() == label.index()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public final String toString() {
    return name() + " (" + id() + ")";
  }
}
