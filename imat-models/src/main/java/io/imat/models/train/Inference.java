package io.imat.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.image.Preprocessing;
import io.imat.models.data.Batch;
import io.imat.models.data.BatchPipeline;
import io.imat.models.data.PictureSet;
import io.imat.models.head.Head;
import io.imat.models.layers.BatchNormFolding;
import java.nio.FloatBuffer;

/**
 * Runs a network over pictures in inference mode: probabilities per label (optionally averaged with
 * the horizontally flipped pass, test-time augmentation) and, when the pictures carry ground truth,
 * the mean loss.
 */
public final class Inference {
  private final Network network;
  private final Head head;
  private final Taxonomy taxonomy;
  private final int side;
  private final Preprocessing preprocessing;
  private final int batchSize;
  private final int threads;

  /** Inference for {@code network} whose head is {@code head} over {@code taxonomy}. */
  public Inference(
      Network network,
      Head head,
      Taxonomy taxonomy,
      int side,
      Preprocessing preprocessing,
      int batchSize,
      int threads) {
    this.network = network;
    this.head = head;
    this.taxonomy = taxonomy;
    this.side = side;
    this.preprocessing = preprocessing;
    this.batchSize = batchSize;
    this.threads = threads;
  }

  /** Probabilities, mean loss and picture counts of one pass. */
  public record Result(Predictions predictions, double loss, PictureTally pictures) {}

  /**
   * Predicts every readable picture of {@code pictures}; images whose picture is missing get no row
   * (they fall back to {@code priors}). The loss is NaN when {@code withLoss} is false.
   */
  public Result run(
      PictureSet pictures,
      NDManager parent,
      TaskPriors priors,
      boolean tta,
      boolean withLoss,
      ProgressListener progress) {
    Predictions.Builder out = Predictions.builder(taxonomy, priors);
    ParameterStore store = new ParameterStore(parent, false);
    int outputs = head.outputs(taxonomy);
    float[] row = new float[taxonomy.labelCount()];
    float[] flippedRow = new float[taxonomy.labelCount()];
    double lossSum = 0;
    int lossImages = 0;
    PictureTally tally = new PictureTally();
    // The weights stay as they are for the whole pass: batch norms fold into their convolutions.
    try (NoGrad noGrad = NoGrad.enter();
        BatchNormFolding.Cache folding = BatchNormFolding.cache(parent)) {
      PairList<String, Object> params = BatchNormFolding.params(folding);
      try (BatchPipeline batches =
              BatchPipeline.builder(pictures)
                  .batchSize(batchSize)
                  .side(side)
                  .preprocessing(preprocessing)
                  .head(withLoss ? head : null)
                  .threads(threads)
                  .build();
          Progress p = progress.start("predict", pictures.dataset().size())) {
        while (batches.hasNext()) {
          Batch b = batches.next();
          tally.add(b);
          int n = b.size();
          if (n > 0) {
            try (NDManager m = parent.newSubManager()) {
              NDArray x = m.create(FloatBuffer.wrap(b.pixels()), new Shape(n, 3, side, side));
              NDArray logits =
                  network.forward(store, new NDList(x), false, params).singletonOrThrow();
              float[] z = logits.toFloatArray();
              float[] zFlipped = null;
              if (tta) {
                zFlipped =
                    network
                        .forward(store, new NDList(x.flip(3)), false, params)
                        .singletonOrThrow()
                        .toFloatArray();
              }
              if (withLoss) {
                int tw = head.targetWidth(taxonomy);
                int mw = head.maskWidth(taxonomy);
                NDArray y = m.create(FloatBuffer.wrap(b.target()), new Shape(n, tw));
                NDArray mask = m.create(FloatBuffer.wrap(b.mask()), new Shape(n, mw));
                lossSum += head.loss(logits, y, mask, taxonomy).getFloat() * n;
                lossImages += n;
              }
              for (int r = 0; r < n; r++) {
                head.probabilities(z, r * outputs, taxonomy, row);
                if (zFlipped != null) {
                  head.probabilities(zFlipped, r * outputs, taxonomy, flippedRow);
                  for (int l = 0; l < row.length; l++) {
                    row[l] = (row[l] + flippedRow[l]) * 0.5f;
                  }
                }
                out.put(b.imageIds().get(r), row);
              }
            }
          }
          p.step(n + b.skipped());
        }
      }
    }
    return new Result(out.build(), lossImages == 0 ? Double.NaN : lossSum / lossImages, tally);
  }
}
