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
 */
public record QuickstartOptions(
    Path work, int images, int epochs, int folds, int imageSize, Backbone backbone, long seed) {}
