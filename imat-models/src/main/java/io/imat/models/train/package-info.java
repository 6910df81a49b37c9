/**
 * The training run: the two phases, Adam, the plateau schedule, checkpoints, inference, and the
 * exceptions that stop a run.
 */
@NullMarked
package io.imat.models.train;

import org.jspecify.annotations.NullMarked;
