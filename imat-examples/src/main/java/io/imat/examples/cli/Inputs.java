package io.imat.examples.cli;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.dataset.UnknownIdPolicy;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the CLI finds the taxonomy of a data file and loads it. */
final class Inputs {
  private static final String TASK_MAP = "fgvc4_iMat.task_map.json";
  private static final String LABEL_MAP = "fgvc4_iMat.label_map.json";

  private Inputs() {}

  /**
   * The taxonomy for {@code dataFile}: the taxonomy files in {@code taxonomyDir} when given, else
   * those next to the data file (the competition layout), else the built-in iMaterialist 2017
   * taxonomy.
   */
  static Taxonomy taxonomyFor(Path dataFile, Path taxonomyDir) throws IOException {
    Path dir = taxonomyDir;
    if (dir == null) {
      Path parent = dataFile.toAbsolutePath().getParent();
      if (parent != null
          && Files.exists(parent.resolve(TASK_MAP))
          && Files.exists(parent.resolve(LABEL_MAP))) {
        dir = parent;
      }
    }
    return dir == null ? Taxonomy.imaterialist2017() : Taxonomy.loadDirectory(dir);
  }

  /**
   * Loads a data file with {@code taxonomy}; when the taxonomy lacks task–label lists (the official
   * maps carry none) and the file has annotations, they complete it ({@link
   * ImatDataset#completeTaxonomy()}).
   */
  static ImatDataset load(Path dataFile, Taxonomy taxonomy, boolean skipUnknown)
      throws IOException {
    ImatDataset d =
        ImatDataset.loader()
            .taxonomy(taxonomy)
            .unknownIds(skipUnknown ? UnknownIdPolicy.SKIP : UnknownIdPolicy.REJECT)
            .load(dataFile);
    return d.hasAnnotations() ? d.withCompleteTaxonomy() : d;
  }
}
