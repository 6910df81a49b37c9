/**
 * The image type and everything that touches pixels directly.
 *
 * <ul>
 *   <li>{@link io.imat.augment.image.Image}: immutable 8-bit HWC grey / RGB / RGBA buffer; {@link
 *       io.imat.augment.image.BufferedImages} converts from and to {@code java.awt}; {@link
 *       io.imat.augment.image.Preprocessing} produces normalised float CHW input for networks.
 *   <li>The render engine: {@link io.imat.augment.image.Renderer} streams rows from a source (the
 *       image, or the fused geometric {@link io.imat.augment.image.Warp}) through {@link
 *       io.imat.augment.image.RowFilter} stages into a new image, in one pass.
 * </ul>
 *
 * <p>The engine lives here, next to the buffer, because it is the only code that reads an image's
 * bytes without copying them; augmenters elsewhere describe work ({@code Warp} steps, row filters)
 * and never touch raw arrays.
 */
@NullMarked
package io.imat.augment.image;

import org.jspecify.annotations.NullMarked;
