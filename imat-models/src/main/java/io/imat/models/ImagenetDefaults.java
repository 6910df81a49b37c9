package io.imat.models;

import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.weights.ImagenetWeights;
import java.util.Optional;

/** The default starting weights of a backbone: its official Keras ImageNet file, if it has one. */
final class ImagenetDefaults {
  private ImagenetDefaults() {}

  static Optional<PretrainedWeights> weightsFor(Backbone backbone) {
    return ImagenetWeights.fileFor(backbone).map(f -> ImagenetWeights.of(backbone));
  }
}
