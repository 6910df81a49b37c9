package io.imat.models.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.imat.augment.Augmenters;
import io.imat.augment.image.Preprocessing;
import io.imat.models.Fixtures;
import io.imat.models.head.Head;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPipelineTest {
  @TempDir static Path dir;
  static SyntheticDataset synth;
  static PictureSet pictures;

  @BeforeAll
  static void data() throws Exception {
    synth = Fixtures.synth(dir, 60);
    pictures = Fixtures.train(synth, dir);
  }

  static List<Batch> all(int threads) {
    List<Batch> out = new ArrayList<>();
    try (BatchPipeline p =
        BatchPipeline.builder(pictures)
            .batchSize(7)
            .side(24)
            .augmenter(Augmenters.seedPipeline())
            .seed(99)
            .preprocessing(Preprocessing.caffe())
            .head(Head.sigmoid())
            .threads(threads)
            .prefetch(3)
            .build()) {
      p.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void augmentedBatchesAreIdenticalWhateverTheThreadCount() {
    List<Batch> one = all(1);
    List<Batch> three = all(3);
    assertThat(one).hasSameSizeAs(three);
    for (int b = 0; b < one.size(); b++) {
      assertThat(three.get(b).imageIds()).isEqualTo(one.get(b).imageIds());
      assertThat(three.get(b).pixels()).containsExactly(one.get(b).pixels());
      assertThat(three.get(b).target()).containsExactly(one.get(b).target());
    }
  }

  @Test
  void everyReadablePictureComesOnceAndMissingOnesAreCounted() {
    List<Batch> batches = all(2);
    List<String> ids = new ArrayList<>();
    int skipped = 0;
    for (Batch b : batches) {
      ids.addAll(b.imageIds());
      skipped += b.skipped();
      assertThat(b.pixels()).hasSize(b.size() * 3 * 24 * 24);
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids.size() + skipped).isEqualTo(synth.train().size());
    long gone = synth.train().images().stream().filter(i -> synth.isGone(i.id())).count();
    assertThat(skipped).isEqualTo((int) gone);
  }
}
