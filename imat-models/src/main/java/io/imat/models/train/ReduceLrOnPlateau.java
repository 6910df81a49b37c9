package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Keras' {@code ReduceLROnPlateau} on the validation loss: when the loss has not improved by more
 * than {@code minDelta} for {@code patience} epochs, multiply the learning rate by {@code factor}
 * (not below {@code minLr}) and start counting again. Mutable: one instance per training run; its
 * state is part of a checkpoint.
 */
public final class ReduceLrOnPlateau {
  private final double factor;
  private final int patience;
  private final double minLr;
  private final double minDelta;
  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs;

  /**
   * Creates the schedule.
   *
   * @param factor in (0, 1)
   * @param patience epochs without improvement before a cut (≥ 0)
   * @param minLr the floor
   */
  public ReduceLrOnPlateau(double factor, int patience, double minLr) {
    this(factor, patience, minLr, 1e-4);
  }

  /** Creates the schedule with an explicit improvement threshold. */
  public ReduceLrOnPlateau(double factor, int patience, double minLr, double minDelta) {
    checkArgument(factor > 0 && factor < 1, "factor %s out of (0, 1)", factor);
    checkArgument(patience >= 0, "negative patience");
    checkArgument(minLr >= 0 && minDelta >= 0, "negative minLr or minDelta");
    this.factor = factor;
    this.patience = patience;
    this.minLr = minLr;
    this.minDelta = minDelta;
  }

  /** Records an epoch's validation loss and returns the learning rate for the next epoch. */
  public double step(double loss, double lr) {
    if (loss < best - minDelta) {
      best = loss;
      badEpochs = 0;
      return lr;
    }
    badEpochs++;
    if (badEpochs >= patience && lr > minLr) {
      badEpochs = 0;
      return Math.max(minLr, lr * factor);
    }
    return lr;
  }

  /** The best loss seen. */
  public double best() {
    return best;
  }

  /** Epochs since the last improvement (or the last cut). */
  public int badEpochs() {
    return badEpochs;
  }

  /** Restores the state from a checkpoint. */
  public void restore(double bestLoss, int bad) {
    this.best = bestLoss;
    this.badEpochs = bad;
  }

  /** The factor. */
  public double factor() {
    return factor;
  }

  /** The patience. */
  public int patience() {
    return patience;
  }

  /** The floor. */
  public double minLr() {
    return minLr;
  }
}
