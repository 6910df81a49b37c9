/** PNG plots of training histories and per-task errors (XChart). */
@NullMarked
package io.imat.examples.plots;

import org.jspecify.annotations.NullMarked;
