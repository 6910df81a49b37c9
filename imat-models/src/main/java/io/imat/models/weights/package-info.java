/**
 * The official Keras ImageNet weight files, found the way Keras users keep them: {@link
 * io.imat.models.weights.ImagenetFiles} knows each Keras backbone's {@code *_notop.h5} file (name,
 * URLs, published hashes), {@link io.imat.models.weights.WeightsCache} looks it up in {@code
 * $IMAT_WEIGHTS}, {@code ~/.keras/models} and imat's cache, checks its hash and fetches it, and
 * {@link io.imat.models.weights.ImagenetWeights} is the {@link
 * io.imat.models.backbone.PretrainedWeights} a classifier starts from.
 */
@NullMarked
package io.imat.models.weights;

import org.jspecify.annotations.NullMarked;
