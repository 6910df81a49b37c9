package io.imat.models.train;

/** Hears the end of each {@link StepPhase} of a training step; for profiling. */
@FunctionalInterface
public interface StepObserver {
  /** Observes nothing: what training itself passes. */
  StepObserver NONE = phase -> {};

  /** Called on the training thread right after {@code phase} finished. */
  void ended(StepPhase phase);
}
