package io.imat.models.data;

import com.google.auto.value.AutoValue;
import io.imat.api.dataset.ImatDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A dataset and the folder its pictures were downloaded to ({@code <dir>/<imageId>.jpg}, as the
 * downloader writes them). Pictures that are missing are skipped by training and prediction.
 */
@AutoValue
public abstract class PictureSet {
  PictureSet() {}

  /** The images of {@code dataset} stored in {@code directory}. */
  public static PictureSet of(ImatDataset dataset, Path directory) {
    return new AutoValue_PictureSet(dataset, directory);
  }

  /** The images and their ground truth. */
  public abstract ImatDataset dataset();

  /** The folder holding {@code <imageId>.jpg}. */
  public abstract Path directory();

  /** Where the picture of image {@code index} is (it may not exist). */
  public Path path(int index) {
    return directory().resolve(dataset().image(index).fileName());
  }

  /** How many pictures exist on disk. */
  public int available() {
    int n = 0;
    for (int i = 0; i < dataset().size(); i++) {
      if (Files.isRegularFile(path(i))) {
        n++;
      }
    }
    return n;
  }

  /** The same folder with a subset of the images ({@link ImatDataset#subset(int...)}). */
  public PictureSet subset(int... indexes) {
    return of(dataset().subset(indexes), directory());
  }
}
