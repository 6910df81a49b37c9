/**
 * Meta augmenters that combine others: {@link io.imat.augment.meta.Sequential}, {@link
 * io.imat.augment.meta.Sometimes}, {@link io.imat.augment.meta.SomeOf} and {@link
 * io.imat.augment.meta.OneOf}. Each child draws from its own split of the image's random stream.
 */
@NullMarked
package io.imat.augment.meta;

import org.jspecify.annotations.NullMarked;
