/**
 * The label space: apparels, tasks, labels and which labels answer which task; the real 2017
 * taxonomy bundled.
 */
@NullMarked
package io.imat.api.taxonomy;

import org.jspecify.annotations.NullMarked;
