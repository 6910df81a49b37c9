package io.imat.models.ensemble;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A stand-in for an image model, built from the ground truth with controlled noise (there is no
 * trained image model in this module's tests): for every task of the image's apparel the model
 * "sees" the correct label with probability {@code accuracy}, otherwise a uniformly drawn wrong
 * label of the task; the chosen label gets a confidence drawn from U(0.3, 0.9) — independent of
 * whether it is right, so the merge gets no calibration gift — and the rest of the task's mass is
 * spread at random over the other labels. Tasks of other apparels get small random values. A
 * fraction {@code missing} of the images has no row at all (pictures that are gone). The noise is
 * independent of the URLs, as an image model's would be.
 */
final class ImageLikePredictions {
  private ImageLikePredictions() {}

  static Predictions of(
      ImatDataset truth, TaskPriors priors, double accuracy, double missing, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Predictions.Builder b =
        Predictions.builder(truth.taxonomy(), priors).metadata("model", "image-like");
    for (int i = 0; i < truth.size(); i++) {
      boolean gone = random.nextDouble() < missing;
      float[] row = row(truth, i, accuracy, random);
      if (!gone) {
        b.put(truth.image(i).id(), row);
      }
    }
    return b.build();
  }

  private static float[] row(ImatDataset truth, int i, double accuracy, SplittableRandom random) {
    float[] row = new float[truth.taxonomy().labelCount()];
    Optional<Apparel> apparel = truth.apparel(i);
    for (Task t : truth.taxonomy().tasks()) {
      List<Label> labels = t.labels();
      if (apparel.isEmpty() || !t.apparel().equals(apparel.get())) {
        for (Label l : labels) {
          row[l.index()] = Math.max(row[l.index()], (float) (0.05 * random.nextDouble()));
        }
        continue;
      }
      Set<Label> correct = truth.labels(i, t);
      Label chosen;
      if (correct.isEmpty()) {
        chosen = labels.get(random.nextInt(labels.size()));
      } else if (random.nextDouble() < accuracy) {
        chosen = correct.iterator().next();
      } else {
        List<Label> wrong = new ArrayList<>(labels);
        wrong.removeAll(correct);
        chosen =
            wrong.isEmpty() ? correct.iterator().next() : wrong.get(random.nextInt(wrong.size()));
      }
      double confidence = 0.3 + 0.6 * random.nextDouble();
      double[] rest = new double[labels.size()];
      double sum = 0;
      for (int k = 0; k < rest.length; k++) {
        rest[k] = labels.get(k).equals(chosen) ? 0 : random.nextDouble();
        sum += rest[k];
      }
      for (int k = 0; k < rest.length; k++) {
        Label l = labels.get(k);
        // The rest shares 1 - confidence and never outranks the chosen label.
        double v =
            l.equals(chosen)
                ? confidence
                : Math.min(0.9 * confidence, sum > 0 ? (1 - confidence) * rest[k] / sum : 0);
        row[l.index()] = Math.max(row[l.index()], (float) v);
      }
    }
    return row;
  }
}
