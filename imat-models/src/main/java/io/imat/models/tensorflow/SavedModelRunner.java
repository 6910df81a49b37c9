package io.imat.models.tensorflow;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Keras-exported SavedModel on DJL's TensorFlow engine, fed NHWC float batches (Keras' layout)
 * and read back as one float row per picture. Shared by the feature extractor and the classifier.
 */
final class SavedModelRunner implements AutoCloseable {
  private final Model model;
  private final Predictor<NDList, NDList> predictor;
  private final int side;
  private final Preprocessing preprocessing;

  private SavedModelRunner(
      Model model, Predictor<NDList, NDList> predictor, int side, Preprocessing preprocessing) {
    this.model = model;
    this.predictor = predictor;
    this.side = side;
    this.preprocessing = preprocessing;
  }

  /**
   * Loads the SavedModel in {@code dir} (tag "serve", signature "serving_default").
   *
   * @param side the square input side, or 0 to read it from the signature
   */
  static SavedModelRunner load(Path dir, int side, Preprocessing preprocessing) throws IOException {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IOException(dir + ": not a SavedModel directory (no saved_model.pb)");
    }
    TensorFlowNatives.engine();
    Model model = Model.newInstance(dir.getFileName().toString(), TensorFlowNatives.ENGINE);
    try {
      model.load(dir);
      int s = side > 0 ? side : signatureSide(model, dir);
      return new SavedModelRunner(
          model, model.newPredictor(new NoopTranslator()), s, preprocessing);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException(dir + ": cannot load the SavedModel: " + e.getMessage(), e);
    } catch (IOException e) {
      model.close();
      throw e;
    }
  }

  // Keras exports (None, H, W, 3); a model with a free input side needs an explicit one.
  private static int signatureSide(Model model, Path dir) throws IOException {
    var inputs = model.describeInput();
    if (inputs == null || inputs.size() != 1) {
      throw new IOException(
          dir + ": expected a single input in the serving signature, found " + inputs);
    }
    Shape s = inputs.get(0).getValue();
    if (s.dimension() != 4 || s.get(3) != 3 || s.get(1) <= 0 || s.get(1) != s.get(2)) {
      throw new IOException(
          dir
              + ": the input "
              + inputs.get(0).getKey()
              + " has shape "
              + s
              + "; set the image size explicitly for inputs that are not (N, side, side, 3)");
    }
    return (int) s.get(1);
  }

  /** The square input side. */
  int side() {
    return side;
  }

  /** The preprocessing applied to pictures. */
  Preprocessing preprocessing() {
    return preprocessing;
  }

  /** Runs pictures of exactly {@link #side()} pixels; one output row each. */
  float[][] run(List<Image> pictures) throws IOException {
    int plane = side * side;
    float[] chw = new float[pictures.size() * 3 * plane];
    for (int i = 0; i < pictures.size(); i++) {
      Image p = pictures.get(i);
      checkArgument(
          p.width() == side && p.height() == side,
          "picture %s is %sx%s, the model needs %sx%s",
          i,
          p.width(),
          p.height(),
          side,
          side);
      preprocessing.toChw(p.channels() == 3 ? p : p.toRgb(), chw, i * 3 * plane);
    }
    return runChw(chw, pictures.size());
  }

  /** Runs {@code n} preprocessed pictures given as NCHW floats; one output row each. */
  float[][] runChw(float[] chw, int n) throws IOException {
    int plane = side * side;
    float[] nhwc = new float[chw.length];
    for (int i = 0; i < n; i++) {
      int base = i * 3 * plane;
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < plane; p++) {
          nhwc[base + p * 3 + c] = chw[base + c * plane + p];
        }
      }
    }
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDArray x = m.create(nhwc, new Shape(n, side, side, 3));
      NDList out = predictor.predict(new NDList(x));
      NDArray y = out.get(0);
      float[] flat = y.toFloatArray();
      int width = flat.length / n;
      float[][] rows = new float[n][width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * width, rows[i], 0, width);
      }
      out.close();
      return rows;
    } catch (TranslateException e) {
      throw new IOException("TensorFlow inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
