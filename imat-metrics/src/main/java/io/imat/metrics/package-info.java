/**
 * The iMaterialist 2017 metric: top-1 error per (image, task) pair, with per-task and per-apparel
 * breakdowns.
 */
@NullMarked
package io.imat.metrics;

import org.jspecify.annotations.NullMarked;
