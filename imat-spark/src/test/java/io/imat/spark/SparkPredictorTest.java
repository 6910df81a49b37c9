package io.imat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.imat.api.predict.Predictions;
import io.imat.models.TrainedModel;
import io.imat.models.data.PictureSet;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch prediction and embedding on {@code local[2]}: one session for the class. */
class SparkPredictorTest {
  @TempDir static Path dir;
  static JavaSparkContext sc;
  static SyntheticDataset synth;
  static Path model;

  @BeforeAll
  static void start() throws Exception {
    synth = SparkFixtures.synth(dir.resolve("data"), 60);
    model = dir.resolve("model");
    try (TrainedModel m =
        SparkFixtures.tinyClassifier(1)
            .train(
                PictureSet.of(synth.train(), dir.resolve("data/images")),
                PictureSet.of(synth.validation(), dir.resolve("data/images")))) {
      m.save(model);
    }
    sc = ImatSpark.start("local[2]", "SparkPredictorTest");
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  @Test
  void mergedPredictionsEqualOneMachinesInDatasetOrder() throws Exception {
    Path data = dir.resolve("data");
    Predictions reference;
    try (TrainedModel m = TrainedModel.load(model)) {
      reference = m.predict(PictureSet.of(synth.train(), data.resolve("images")));
    }
    int loadsBefore = ExecutorModels.loads();
    Path out = dir.resolve("spark.pred");
    Predictions p =
        SparkPredictor.builder()
            .model(model)
            .partitions(4)
            .batchSize(8)
            .build()
            .predict(sc, SparkFixtures.trainFile(data), SparkFixtures.images(data), out.toString());

    // local mode: one executor JVM, so one load for four tasks.
    assertThat(ExecutorModels.loads() - loadsBefore).isEqualTo(1);
    assertEqual(p, reference);
    assertEqual(Predictions.read(out), reference);
    assertThat(p.metadata()).isEqualTo(reference.metadata());
    // Nothing left next to the output but the output.
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("spark.pred")))
          .containsExactly("spark.pred");
    }
  }

  @Test
  void embeddingsHaveOneVectorPerReadablePicture() throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("train.emb");
    Embeddings e =
        SparkPredictor.builder()
            .model(model.toString())
            .partitions(3)
            .build()
            .embed(sc, SparkFixtures.trainFile(data), SparkFixtures.images(data), out.toString());
    long readable = synth.train().images().stream().filter(i -> !synth.isGone(i.id())).count();
    assertThat(e.size()).isEqualTo((int) readable);
    assertThat(e.dimension()).isEqualTo(512); // ResNet-18's pooled features
    Embeddings read = Embeddings.read(out);
    assertThat(read.imageIds()).isEqualTo(e.imageIds());
    assertThat(read.row(0)).containsExactly(e.row(0));
    assertThat(read.metadata()).containsEntry("backbone", "resnet18");
  }

  @Test
  void slicesAreWholeBatchesInOrder() {
    List<String> ids = IntStream.range(0, 21).mapToObj(String::valueOf).toList();
    List<List<String>> s = SparkPredictor.slices(ids, 3, 4); // 6 batches: 2 + 2 + 2
    assertThat(s).extracting(List::size).containsExactly(8, 8, 5);
    assertThat(s.stream().flatMap(List::stream)).containsExactlyElementsOf(ids);
    assertThat(SparkPredictor.slices(ids, 4, 8)).extracting(List::size).containsExactly(8, 8, 5);
    assertThat(SparkPredictor.slices(ids.subList(0, 3), 4, 8)).hasSize(1);
  }

  static void assertEqual(Predictions p, Predictions reference) {
    assertThat(p.imageIds()).containsExactlyElementsOf(reference.imageIds());
    for (int r = 0; r < p.size(); r++) {
      for (int l = 0; l < p.taxonomy().labelCount(); l++) {
        assertThat(p.get(r, l)).isCloseTo(reference.get(r, l), within(1e-6f));
      }
    }
  }
}
