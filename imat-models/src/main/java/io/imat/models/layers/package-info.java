/**
 * DJL blocks that reproduce Keras layers exactly: named sequences, residual and merge blocks,
 * TensorFlow padding and pooling, Keras batch norm, separable convolutions.
 */
@NullMarked
package io.imat.models.layers;

import org.jspecify.annotations.NullMarked;
