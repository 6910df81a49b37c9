package io.imat.models.tensorflow;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Keras model exported as a TensorFlow SavedModel ({@code model.save('dir')} /{@code
 * tf.saved_model.save}) used as a frozen feature extractor on DJL's TensorFlow engine (inference
 * only), for example a headless {@code keras.applications.Xception(pooling='avg')}:
 *
 * <pre>{@code
 * try (SavedModelFeatureExtractor fx = SavedModelFeatureExtractor.builder(Path.of("xception_avg"))
 *     .preprocessing(Preprocessing.tf()).build()) {
 *   float[] features = fx.embed(picture);   // picture already fx.imageSize() square
 * }
 * }</pre>
 *
 * Pictures are normalised with the given preprocessing (Keras' {@code preprocess_input}) and fed
 * NHWC, as Keras expects; the first output of the serving signature is returned, one row per
 * picture. Holds native memory: close it. Not thread-safe.
 */
public final class SavedModelFeatureExtractor implements AutoCloseable {
  private final SavedModelRunner runner;

  private SavedModelFeatureExtractor(SavedModelRunner runner) {
    this.runner = runner;
  }

  /** A builder for the SavedModel in {@code dir}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The square input side. */
  public int imageSize() {
    return runner.side();
  }

  /** The features of one picture of {@link #imageSize()} pixels. */
  public float[] embed(Image picture) throws IOException {
    return runner.run(List.of(picture))[0];
  }

  /** The features of each picture (all of {@link #imageSize()} pixels), in one batch. */
  public float[][] embed(List<Image> pictures) throws IOException {
    checkArgument(!pictures.isEmpty(), "no pictures");
    return runner.run(pictures);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Options of a {@link SavedModelFeatureExtractor}. */
  public static final class Builder {
    private final Path dir;
    private Preprocessing preprocessing = Preprocessing.tf();
    private int imageSize;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** How pictures are normalised (default {@link Preprocessing#tf()}). */
    public Builder preprocessing(Preprocessing value) {
      this.preprocessing = requireNonNull(value, "preprocessing");
      return this;
    }

    /** The input side (default: from the model's signature). */
    public Builder imageSize(int value) {
      checkArgument(value >= 1, "image size must be positive");
      this.imageSize = value;
      return this;
    }

    /** Loads the model (starting the TensorFlow engine if needed). */
    public SavedModelFeatureExtractor build() throws IOException {
      return new SavedModelFeatureExtractor(SavedModelRunner.load(dir, imageSize, preprocessing));
    }
  }
}
