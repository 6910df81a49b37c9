package io.imat.spark;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.dataset.UnknownIdPolicy;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.data.PictureSet;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a {@link PictureSet} wherever a job needs it, on the driver or an executor: a serializable
 * recipe rather than the set itself (datasets do not travel, and every JVM loads the same file to
 * the same set). Training reads pictures and writes checkpoints through local paths: on a cluster,
 * a shared mount at the same path on every machine.
 */
@FunctionalInterface
public interface PictureSource extends Serializable {
  /** Loads the dataset and names its picture directory. */
  PictureSet open() throws IOException;

  /**
   * The data file {@code dataFile} (competition format) with its pictures in {@code pictures}, read
   * as {@code imat train} reads it: the taxonomy files next to the data file if there are any, else
   * the built-in iMaterialist 2017 taxonomy; task–label lists completed from the annotations.
   */
  static PictureSource of(String dataFile, String pictures) {
    return () -> {
      Path file = Path.of(dataFile);
      Path dir = file.toAbsolutePath().getParent();
      Taxonomy taxonomy =
          dir != null
                  && Files.exists(dir.resolve("fgvc4_iMat.task_map.json"))
                  && Files.exists(dir.resolve("fgvc4_iMat.label_map.json"))
              ? Taxonomy.loadDirectory(dir)
              : Taxonomy.imaterialist2017();
      ImatDataset d =
          ImatDataset.loader().taxonomy(taxonomy).unknownIds(UnknownIdPolicy.REJECT).load(file);
      return PictureSet.of(d.hasAnnotations() ? d.withCompleteTaxonomy() : d, Path.of(pictures));
    };
  }
}
