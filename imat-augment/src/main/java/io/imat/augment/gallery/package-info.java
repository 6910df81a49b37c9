/**
 * {@link io.imat.augment.gallery.Gallery}: a grid of augmented samples of one picture, for looking
 * at what a pipeline does.
 */
@NullMarked
package io.imat.augment.gallery;

import org.jspecify.annotations.NullMarked;
