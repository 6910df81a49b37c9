package io.imat.models.ensemble;

/**
 * How an {@link Ensemble} averages the probabilities of its models for one label.
 *
 * <p>Both are weighted by the label's weights and normalised over the models that have a row for
 * the image, so every merged value stays a probability in [0, 1]; the values are not renormalised
 * within tasks (labels are shared between tasks, and the per-task ranking, which is all the
 * competition reads, does not change).
 */
public enum Mean {
  /**
   * {@code sum w_m p_m / sum w_m}: robust, the usual choice when models disagree in calibration.
   */
  ARITHMETIC,
  /**
   * {@code exp(sum w_m ln p_m / sum w_m)} with {@code p} floored at 1e-6: a model that is sure a
   * label is wrong can veto it, which suits confident, complementary models.
   */
  GEOMETRIC;

  /** The lowercase name used on the command line and in metadata. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The mean called {@code id} ({@code arithmetic} or {@code geometric}, any case). */
  public static Mean fromId(String id) {
    for (Mean m : values()) {
      if (m.name().equalsIgnoreCase(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mean '" + id + "' (arithmetic or geometric)");
  }
}
