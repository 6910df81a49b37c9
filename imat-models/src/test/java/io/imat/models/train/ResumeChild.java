package io.imat.models.train;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.Classifier;
import io.imat.models.data.PictureSet;
import java.nio.file.Path;

/** A training run in its own JVM, to be killed by {@link ResumeTest}. Args: dataDir ckptDir. */
public final class ResumeChild {
  private ResumeChild() {}

  /** Trains until killed (or done). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Classifier c = ResumeTest.classifier(Path.of(args[1])).resume(true).build();
    Taxonomy t = Taxonomy.loadDirectory(data);
    ImatDataset train = ImatDataset.load(data.resolve("fgvc4_iMat.train.data.json"), t);
    ImatDataset valid = ImatDataset.load(data.resolve("fgvc4_iMat.validation.data.json"), t);
    c.train(
            PictureSet.of(train, data.resolve("images")),
            PictureSet.of(valid, data.resolve("images")))
        .close();
  }
}
