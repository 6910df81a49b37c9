/**
 * iMaterialist datasets: images with their mirror URLs and multi-label ground truth, loaded from
 * and written to the competition's JSON files.
 */
@NullMarked
package io.imat.api.dataset;

import org.jspecify.annotations.NullMarked;
