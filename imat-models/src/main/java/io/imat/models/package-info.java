/**
 * Fine-tuning image models on iMaterialist data: {@link io.imat.models.Classifier} (the seed recipe
 * as a builder), {@link io.imat.models.TrainedModel} (predict, save, load) and their options.
 */
@NullMarked
package io.imat.models;

import org.jspecify.annotations.NullMarked;
