package io.imat.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.metrics.TopOneError;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import io.imat.testing.synth.SyntheticDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check of merging, on synthetic data nothing was tuned on (seeds 7, 2024, 31337;
 * 3000 images each): the URL text model (trained on the train split) merged with an image-like
 * model ({@link ImageLikePredictions}: right with probability 0.6, noise independent of the URLs),
 * weights fitted on the validation split and applied to the test split — with every picture, and
 * with 5 % of the pictures missing from the image model. Errors are pooled over the seeds; the
 * numbers go to stdout for the README.
 */
class MergeAcceptanceTest {
  static final long[] SEEDS = {7, 2024, 31337};
  static final double[] MISSING = {0, 0.05};

  /** Error counts of one scenario, pooled over seeds. */
  private static final class Tally {
    int pairs;
    int image;
    int text;
    int equal;
    int arithmetic;
    int geometric;
    int gonePairs;
    int goneImage;
    int goneMerged;
  }

  @Test
  void mergingBeatsEitherModelWithAndWithoutMissingPictures() {
    Tally[] tallies = {new Tally(), new Tally()};
    for (long seed : SEEDS) {
      SyntheticDataset s = SyntheticDataset.builder().images(3000).seed(seed).build();
      ImatDataset train = s.train();
      TaskPriors priors = TaskPriors.fromDataset(train);
      TrainedUrlTextModel model = UrlTextModel.builder().build().train(train);
      Predictions textValid = model.predict(s.validation());
      Predictions textTest = model.predict(s.test());
      TopOneError metric = TopOneError.of(s.testTruth());
      for (int k = 0; k < MISSING.length; k++) {
        Tally t = tallies[k];
        List<Predictions> valid =
            List.of(
                ImageLikePredictions.of(s.validation(), priors, 0.6, MISSING[k], seed + 1),
                textValid);
        List<Predictions> test =
            List.of(
                ImageLikePredictions.of(s.testTruth(), priors, 0.6, MISSING[k], seed + 2),
                textTest);
        t.pairs += s.testTruth().pairCount();
        t.image += metric.score(test.get(0)).overall().errors();
        t.text += metric.score(test.get(1)).overall().errors();
        t.equal += metric.score(Ensemble.builder().build().merge(test)).overall().errors();
        WeightFit a = WeightFitter.builder().build().fit(valid, s.validation());
        Predictions merged = a.ensemble().merge(test);
        t.arithmetic += metric.score(merged).overall().errors();
        WeightFit g =
            WeightFitter.builder().mean(Mean.GEOMETRIC).build().fit(valid, s.validation());
        t.geometric += metric.score(g.ensemble().merge(test)).overall().errors();
        // The pictures the image model never saw: it answers from the priors, the merge from URLs.
        List<String> gone =
            s.testTruth().images().stream()
                .map(i -> i.id())
                .filter(id -> !test.get(0).contains(id))
                .toList();
        if (!gone.isEmpty()) {
          TopOneError goneMetric = TopOneError.of(s.testTruth().subset(gone));
          t.gonePairs += goneMetric.score(test.get(0)).pairs();
          t.goneImage += goneMetric.score(test.get(0)).overall().errors();
          t.goneMerged += goneMetric.score(merged).overall().errors();
        }
      }
    }
    for (int k = 0; k < MISSING.length; k++) {
      Tally t = tallies[k];
      System.out.printf(
          "missing %.0f%%: %d test pairs; image-like %.4f, text %.4f, merged equal %.4f,"
              + " fitted arithmetic %.4f, fitted geometric %.4f%n",
          100 * MISSING[k],
          t.pairs,
          rate(t.image, t.pairs),
          rate(t.text, t.pairs),
          rate(t.equal, t.pairs),
          rate(t.arithmetic, t.pairs),
          rate(t.geometric, t.pairs));
      assertThat(t.arithmetic).isLessThan(t.image).isLessThan(t.text);
      assertThat(t.geometric).isLessThan(t.image).isLessThan(t.text);
      if (t.gonePairs > 0) {
        System.out.printf(
            "  on the %d pairs of missing pictures: image-like (priors) %.4f, merged %.4f%n",
            t.gonePairs, rate(t.goneImage, t.gonePairs), rate(t.goneMerged, t.gonePairs));
        assertThat(t.goneMerged).isLessThan(t.goneImage);
      }
    }
    assertThat(tallies[1].gonePairs).isPositive();
  }

  private static double rate(int errors, int pairs) {
    return (double) errors / pairs;
  }
}
