package io.imat.models.weights;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.Collection;
import java.util.Locale;

/**
 * One official Keras weight file: the backbone it belongs to, its file name (the name Keras caches
 * it under), where Keras downloads it from and the hashes Keras publishes for it. A name may have
 * several accepted hashes — the ResNet50 notop file exists in two official versions — each an MD5
 * (32 hex digits) or a SHA-256 (64), told apart by length as Keras' {@code get_file} does.
 */
@AutoValue
public abstract class ImagenetFile {
  ImagenetFile() {}

  /**
   * An official file.
   *
   * @param backbone the backbone's name, e.g. {@code resnet50}
   * @param fileName a plain file name, e.g. {@code
   *     resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5}
   * @param urls where to download it, the preferred first
   * @param hashes every accepted hash, MD5 or SHA-256 in hex
   * @throws IllegalArgumentException for a file name with a directory part, no URL, no hash or a
   *     hash that is neither 32 nor 64 hex digits
   */
  public static ImagenetFile of(
      String backbone, String fileName, Collection<String> urls, Collection<String> hashes) {
    checkArgument(
        !fileName.isBlank()
            && !fileName.contains("/")
            && !fileName.contains("\\")
            && !fileName.equals(".")
            && !fileName.equals(".."),
        "'%s' is not a plain file name",
        fileName);
    checkArgument(!urls.isEmpty(), "no URL for %s", fileName);
    checkArgument(!hashes.isEmpty(), "no hash for %s", fileName);
    ImmutableSet.Builder<String> lower = ImmutableSet.builder();
    for (String h : hashes) {
      String v = h.strip().toLowerCase(Locale.ROOT);
      checkArgument(
          v.matches("[0-9a-f]{32}|[0-9a-f]{64}"),
          "hash '%s' of %s is neither an MD5 (32 hex digits) nor a SHA-256 (64)",
          h,
          fileName);
      lower.add(v);
    }
    return new AutoValue_ImagenetFile(
        backbone, fileName, ImmutableList.copyOf(urls), lower.build());
  }

  /** The backbone's name, e.g. {@code resnet50}. */
  public abstract String backbone();

  /**
   * The file name Keras uses, e.g. {@code xception_weights_tf_dim_ordering_tf_kernels_notop.h5}.
   */
  public abstract String fileName();

  /** The download URLs, the preferred (the current Keras release's) first. */
  public abstract ImmutableList<String> urls();

  /** Every accepted hash, lower-case hex (MD5 or SHA-256). */
  public abstract ImmutableSet<String> hashes();

  /** The preferred download URL. */
  public String url() {
    return urls().get(0);
  }

  /** Whether {@code hash} (hex, any case) is one of the accepted hashes. */
  public boolean accepts(String hash) {
    return hashes().contains(hash.toLowerCase(Locale.ROOT));
  }
}
