package io.imat.api.taxonomy;

import com.google.auto.value.AutoValue;

/**
 * One label of the shared label space, such as {@code black} (id {@code 3}). Labels are shared
 * between tasks: {@code black} is a label of both {@code shoe:color} and {@code dress:color}.
 */
@AutoValue
public abstract class Label {
  Label() {}

  static Label create(String id, String name, int index) {
    return new AutoValue_Label(id, name, index);
  }

  /** The id used in the data files, e.g. {@code "3"}. */
  public abstract String id();

  /** The human name, e.g. {@code black}. */
  public abstract String name();

  /**
   * The position of this label in {@link Taxonomy#labels()}: the column of the label in probability
   * matrices.
   */
  public abstract int index();

  @Override
  public final String toString() {
    return name() + " (" + id() + ")";
  }
}
