package io.imat.examples.runnable;

import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.augment.Augmenters;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.augment.image.Preprocessing;
import io.imat.metrics.TopOneError;
import io.imat.models.data.PictureSet;
import io.imat.models.tensorflow.SavedModelClassifier;
import io.imat.models.tensorflow.SavedModelFeatureExtractor;
import io.imat.models.tensorflow.TensorFlowNatives;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Runs a Keras model exported as a TensorFlow SavedModel on DJL's TensorFlow engine (inference
 * only): as a feature extractor ({@link SavedModelFeatureExtractor}) and, when it has one output
 * per label, as a classifier ({@link SavedModelClassifier}), scored like any model. Without a model
 * argument a tiny Keras-like one is built here with the TensorFlow Java API: input {@code input_1}
 * (NHWC), global average pooling, a dense layer with random weights, a sigmoid (so: no better than
 * chance).
 *
 * <p>Run: {@code ./imat example savedmodel [SAVED_MODEL_DIR] [DIR]} (DIR: working directory,
 * default a new temporary one). TensorFlow's natives are extracted once to {@code ~/.cache/imat/}.
 */
public final class SavedModelExample {
  private SavedModelExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network
    boolean given = args.length > 0 && Files.exists(Path.of(args[0], "saved_model.pb"));
    int at = given ? 1 : 0; // where the optional working directory is in args
    Path work =
        args.length > at
            ? Files.createDirectories(Path.of(args[at]))
            : Files.createTempDirectory("imat-savedmodel-");
    SyntheticDataset synth = SyntheticDataset.builder().images(60).imageSize(48).build();
    synth.write(work.resolve("data"));
    int labels = synth.taxonomy().labelCount();
    Path dir = given ? Path.of(args[0]) : export(work.resolve("tiny_savedmodel"), 32, labels);

    try (SavedModelFeatureExtractor fx =
        SavedModelFeatureExtractor.builder(dir).preprocessing(Preprocessing.tf()).build()) {
      int side = fx.imageSize(); // read from the serving signature
      Image picture = BufferedImages.toImage(synth.render("1"));
      float[] out = fx.embed(Augmenters.resize(side, side).augment(picture, 0));
      System.out.printf(
          "%s: %d px input, %d outputs, first: %s%n",
          dir, side, out.length, Arrays.toString(Arrays.copyOf(out, 4)));
      if (out.length != labels) {
        return; // not a classifier over the labels of this taxonomy
      }
    }
    try (SavedModelClassifier clf =
        SavedModelClassifier.builder(dir, synth.taxonomy())
            .preprocessing(Preprocessing.tf())
            .priors(TaskPriors.fromDataset(synth.train()))
            .build()) {
      Predictions p = clf.predict(PictureSet.of(synth.validation(), work.resolve("data/images")));
      Predictions prior = Predictions.priorsOnly(p.priors());
      TopOneError metric = TopOneError.of(synth.validation());
      System.out.printf(
          "validation top-1 error: SavedModel %.4f, majority answer %.4f%n",
          metric.score(p).score(), metric.score(prior).score());
    }
  }

  /** input_1 (N, side, side, 3) -> mean over the pixels (N, 3) -> sigmoid(x W) (N, labels). */
  static Path export(Path dir, int side, int labels) throws Exception {
    TensorFlowNatives.engine(); // the TensorFlow Java API runs on the natives DJL loads
    Random r = new Random(1);
    float[][] w = new float[3][labels];
    for (float[] row : w) {
      for (int j = 0; j < labels; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("input_1")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, 3)));
      Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
      Operand<TFloat32> y = tf.math.sigmoid(tf.linalg.matMul(pooled, tf.constant(w)));
      Signature sig =
          Signature.builder()
              .key("serving_default")
              .input("input_1", x)
              .output("output", y)
              .build();
      SavedModelBundle.exporter(dir.toString())
          .withFunction(SessionFunction.create(sig, s))
          .export();
    }
    return dir;
  }
}
