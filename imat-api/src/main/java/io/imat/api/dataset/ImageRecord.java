package io.imat.api.dataset;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One image of a dataset: its id (a safe file name, see {@link ImageIds}) and the mirror URLs of
 * the same picture, in the order a downloader should try them.
 */
@AutoValue
public abstract class ImageRecord {
  ImageRecord() {}

  /**
   * Creates a record.
   *
   * @throws IllegalArgumentException if {@code id} is not a safe file name
   */
  public static ImageRecord of(String id, List<String> urls) {
    return new AutoValue_ImageRecord(ImageIds.checkSafe(id), ImmutableList.copyOf(urls));
  }

  /** Creates a record with the given mirror URLs. */
  public static ImageRecord of(String id, String... urls) {
    return of(id, List.of(urls));
  }

  /** The image id, e.g. {@code "1"}. Safe to use as a file name. */
  public abstract String id();

  /** The mirror URLs, possibly empty. */
  public abstract ImmutableList<String> urls();

  /** The file name a downloader stores this picture under: {@code <id>.jpg}. */
  public String fileName() {
    return id() + ".jpg";
  }
}
