package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.folds.Folds;
import io.imat.api.predict.Predictions;
import io.imat.augment.Augmenters;
import io.imat.models.Fixtures;
import io.imat.models.TrainedModel;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two folds trained at the same time on two threads of one JVM — one with 1 PyTorch thread, one
 * with 2, while a third thread keeps predicting with another model — give bit for bit the models
 * they give trained one after the other: no seed, generator or thread count of one run reaches
 * another.
 */
class ConcurrentTrainingTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;
  static Path data;

  @BeforeAll
  static void data() throws Exception {
    data = dir.resolve("data");
    synth = Fixtures.synth(data, 90);
  }

  private static byte[] trainFold(int fold, int threads, Path out) throws Exception {
    Folds folds = Folds.stratified(synth.train(), 2, 3);
    ImatDataset held = folds.validation(fold);
    ImatDataset rest = folds.train(fold);
    Path images = data.resolve(SyntheticDataset.IMAGES_DIR);
    try (TrainedModel m =
        Fixtures.tinyClassifier()
            .augmenter(Augmenters.seedPipeline())
            .epochs(3)
            .warmupEpochs(1)
            .seed(10 + fold)
            .computeThreads(threads)
            .build()
            .train(PictureSet.of(rest, images), PictureSet.of(held, images))) {
      m.save(out);
    }
    return Files.readAllBytes(out.resolve(TrainedModel.WEIGHTS));
  }

  @Test
  void foldsTrainedConcurrentlyEqualFoldsTrainedOneAfterTheOther() throws Exception {
    byte[] first = trainFold(0, 1, dir.resolve("seq-0"));
    byte[] second = trainFold(1, 2, dir.resolve("seq-1"));

    AtomicBoolean training = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Integer> predictions =
          pool.submit(
              () -> {
                int n = 0;
                try (TrainedModel m =
                    TrainedModel.load(dir.resolve("seq-0"), List.of(Fixtures.TINY))) {
                  Predictions reference = m.predict(Fixtures.validation(synth, data));
                  while (training.get()) {
                    Predictions p = m.predict(Fixtures.validation(synth, data));
                    for (String id : p.imageIds()) {
                      assertThat(p.probabilities(id).orElseThrow())
                          .containsExactly(reference.probabilities(id).orElseThrow());
                    }
                    n++;
                  }
                }
                return n;
              });
      Future<byte[]> a = pool.submit(() -> trainFold(0, 1, dir.resolve("par-0")));
      Future<byte[]> b = pool.submit(() -> trainFold(1, 2, dir.resolve("par-1")));
      assertThat(a.get()).as("fold 1, trained beside fold 2").isEqualTo(first);
      assertThat(b.get()).as("fold 2, trained beside fold 1").isEqualTo(second);
      training.set(false);
      assertThat(predictions.get()).as("predictions made during the trainings").isPositive();
    } finally {
      training.set(false);
      pool.shutdown();
    }
  }
}
