package io.imat.models;

import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import java.util.Optional;

/** The default starting weights of a backbone: its official Keras ImageNet file, if it has one. */
final class ImagenetDefaults {
  private ImagenetDefaults() {}

  static Optional<PretrainedWeights> weightsFor(Backbone backbone) {
    return Optional.empty(); // wired to io.imat.models.weights once it lands
  }
}
