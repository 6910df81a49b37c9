/**
 * Keras models exported as TensorFlow SavedModels, run on DJL's TensorFlow engine (inference only),
 * and the bootstrap of its natives.
 */
@NullMarked
package io.imat.models.tensorflow;

import org.jspecify.annotations.NullMarked;
