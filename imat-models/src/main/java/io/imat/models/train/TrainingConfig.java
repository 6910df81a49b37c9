package io.imat.models.train;

import com.google.gson.JsonObject;
import io.imat.augment.Augmenter;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.head.Head;

/**
 * Everything a training run needs to know, as the {@code Classifier} builder collected it.
 *
 * @param backbone the headless network
 * @param head the classification head
 * @param imageSize square input side in pixels
 * @param augmenter augmentation of training pictures after the resize, or null for none
 * @param batchSize pictures per step
 * @param epochs total epochs, warm-up included
 * @param warmupEpochs head-only epochs with the backbone frozen, first
 * @param learningRate Adam's initial learning rate
 * @param plateauFactor learning-rate cut factor on a validation-loss plateau
 * @param plateauPatience epochs without improvement before a cut
 * @param minLearningRate floor of the learning rate
 * @param earlyStoppingPatience epochs without a better validation error before stopping (0 = off)
 * @param seed seeds weights, shuffling and augmentation
 * @param loaderThreads threads decoding and augmenting pictures
 * @param computeThreads PyTorch intra-op threads (0 = engine default)
 * @param pretrained weights loaded into the backbone before training, or null
 */
public record TrainingConfig(
    Backbone backbone,
    Head head,
    int imageSize,
    Augmenter augmenter,
    int batchSize,
    int epochs,
    int warmupEpochs,
    double learningRate,
    double plateauFactor,
    int plateauPatience,
    double minLearningRate,
    int earlyStoppingPatience,
    long seed,
    int loaderThreads,
    int computeThreads,
    PretrainedWeights pretrained) {

  /** The JSON form stored with checkpoints and models (the augmenter as a flag only). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("backbone", backbone.name());
    o.addProperty("head", head.name());
    o.addProperty("dropout", head.dropout());
    o.addProperty("imageSize", imageSize);
    o.addProperty("augmented", augmenter != null);
    o.addProperty("batchSize", batchSize);
    o.addProperty("epochs", epochs);
    o.addProperty("warmupEpochs", warmupEpochs);
    o.addProperty("learningRate", learningRate);
    o.addProperty("plateauFactor", plateauFactor);
    o.addProperty("plateauPatience", plateauPatience);
    o.addProperty("minLearningRate", minLearningRate);
    o.addProperty("earlyStoppingPatience", earlyStoppingPatience);
    o.addProperty("seed", seed);
    o.addProperty("pretrained", pretrained != null);
    return o;
  }
}
