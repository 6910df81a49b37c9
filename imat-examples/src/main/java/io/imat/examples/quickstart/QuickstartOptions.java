package io.imat.examples.quickstart;

import io.imat.models.backbone.Backbone;
import java.nio.file.Path;

/**
 * Options of the quickstart.
 *
 * @param work the working directory (created)
 * @param images synthetic images over all splits
 * @param epochs epochs per fold model, the warm-up included
 * @param folds cross-validation folds
 * @param imageSize network input side
 * @param backbone the image network
 * @param seed seeds everything
 * @param innerValidation the share of each fold's training images that chooses its epoch, or 0 to
 *     choose it on the held-out fold ({@link
 *     io.imat.models.cv.CrossValidation.Builder#innerValidation})
 */
public record QuickstartOptions(
    Path work,
    int images,
    int epochs,
    int folds,
    int imageSize,
    Backbone backbone,
    long seed,
    double innerValidation) {}
