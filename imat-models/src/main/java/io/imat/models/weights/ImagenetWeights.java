package io.imat.models.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.imat.api.progress.ProgressListener;
import io.imat.models.backbone.Backbone;
import io.imat.models.backbone.PretrainedWeights;
import io.imat.models.keras.KerasWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official Keras ImageNet weights of a backbone, as a starting point for fine-tuning: the
 * {@code *_notop.h5} file of {@link Backbone#RESNET50}, {@link Backbone#INCEPTION_V3} or {@link
 * Backbone#XCEPTION}, looked up in a {@link WeightsCache} (by default {@code $IMAT_WEIGHTS}, then
 * {@code ~/.keras/models}, then imat's cache) and hash-checked when {@link #loadInto} runs, then
 * imported by {@link KerasWeights}.
 *
 * <pre>{@code
 * Classifier clf = Classifier.builder()
 *     .backbone(Backbone.XCEPTION)
 *     .pretrained(ImagenetWeights.of(Backbone.XCEPTION))
 *     .build();
 * }</pre>
 *
 * {@link Backbone#RESNET18} and custom backbones have no Keras file: {@link #fileFor} is empty for
 * them, and they start from random weights. Immutable.
 */
public final class ImagenetWeights implements PretrainedWeights {
  private static final Logger log = LoggerFactory.getLogger(ImagenetWeights.class);

  private final Backbone backbone;
  private final ImagenetFile file;
  private final WeightsCache cache;

  private ImagenetWeights(Backbone backbone, ImagenetFile file, WeightsCache cache) {
    this.backbone = backbone;
    this.file = file;
    this.cache = cache;
  }

  /**
   * The ImageNet weights of {@code backbone}, from {@link WeightsCache#defaults()}. Nothing is read
   * until {@link #loadInto}.
   *
   * @throws IllegalArgumentException if the backbone has no Keras file (RESNET18)
   */
  public static ImagenetWeights of(Backbone backbone) {
    return of(backbone, WeightsCache.defaults());
  }

  /**
   * The ImageNet weights of {@code backbone}, looked up in {@code cache} (whose {@link
   * WeightsCache#files()} says which file that is).
   *
   * @throws IllegalArgumentException if the backbone has no file in the cache's registry
   */
  public static ImagenetWeights of(Backbone backbone, WeightsCache cache) {
    return new ImagenetWeights(backbone, cache.files().require(backbone.name()), cache);
  }

  /** The official Keras file of {@code backbone}; empty for backbones without one (RESNET18). */
  public static Optional<ImagenetFile> fileFor(Backbone backbone) {
    return ImagenetFiles.official().forBackbone(backbone);
  }

  /**
   * Whether {@code backbone} has a Keras file and {@link WeightsCache#defaults()} holds it with a
   * published hash.
   */
  public static boolean isAvailable(Backbone backbone) {
    return isAvailable(backbone, WeightsCache.defaults());
  }

  /**
   * Whether {@code backbone} has a file in {@code cache}'s registry and the cache holds it with a
   * published hash (a file that cannot be read counts as unavailable).
   */
  public static boolean isAvailable(Backbone backbone, WeightsCache cache) {
    Optional<ImagenetFile> f = cache.files().forBackbone(backbone);
    if (f.isEmpty()) {
      return false;
    }
    try {
      return cache.check(f.get()).isOk();
    } catch (IOException e) {
      log.debug("{}: {}", f.get().fileName(), e.toString());
      return false;
    }
  }

  /** The backbone. */
  public Backbone backbone() {
    return backbone;
  }

  /** Its official file. */
  public ImagenetFile file() {
    return file;
  }

  /** Where the file is looked up. */
  public WeightsCache cache() {
    return cache;
  }

  /**
   * The checked file.
   *
   * @throws WeightsNotFoundException if it is in no directory of the cache (the message says where
   *     to get it and where to put it)
   * @throws WeightsHashException if the copy found is not the published file
   */
  public Path resolve() throws IOException {
    return cache.locate(file);
  }

  /**
   * The checked file, downloaded first into the cache's fetch directory if it is missing.
   *
   * @param progress told the bytes downloaded
   */
  public Path resolveOrFetch(ProgressListener progress) throws IOException, InterruptedException {
    return cache.locateOrFetch(file, progress);
  }

  /**
   * Resolves and checks the file, then imports it with {@link KerasWeights#of(Path)}.
   *
   * @throws WeightsNotFoundException if the file is missing
   * @throws WeightsHashException if the copy found is not the published file
   * @throws io.imat.models.keras.KerasImportException if it does not fit the block
   */
  @Override
  public void loadInto(Block block, NDManager manager) throws IOException {
    KerasWeights.of(resolve()).loadInto(block, manager);
  }

  @Override
  public String toString() {
    return "imagenet(" + backbone.name() + ")";
  }
}
