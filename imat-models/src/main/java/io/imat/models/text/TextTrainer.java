package io.imat.models.text;

/**
 * One AdaGrad step at a time on a {@link TextNetwork}: cross-entropy of every annotated task's
 * softmax against the (uniform over the correct labels) target, plus the apparel head. AdaGrad
 * suits hashed n-grams: rare features keep large steps while frequent ones settle. The embedding
 * uses one accumulator per row (row-wise AdaGrad), which halves the training memory and behaves the
 * same on rows that are updated as a whole.
 */
final class TextTrainer {
  private static final float EPS = 1e-8f;

  private final TextNetwork net;
  private final float learningRate;
  private final float[] rowSquares;
  private final float[] weightSquares;
  private final float[] biasSquares;
  private final float[] h;
  private final float[] gradH;
  private final float[] p;

  TextTrainer(TextNetwork net, double learningRate) {
    this.net = net;
    this.learningRate = (float) learningRate;
    this.rowSquares = new float[net.buckets];
    this.weightSquares = new float[net.weights.length];
    this.biasSquares = new float[net.bias.length];
    this.h = new float[net.dim];
    this.gradH = new float[net.dim];
    this.p = new float[TextNetwork.maxTaskSize(net.layout.taxonomy())];
  }

  /** Trains on one example and returns its loss before the step. */
  double step(TextExample e) {
    net.hidden(e.features(), h);
    java.util.Arrays.fill(gradH, 0f);
    double loss = 0;
    int[] tasks = e.tasks();
    for (int k = 0; k < tasks.length; k++) {
      loss += head(net.layout.taskOffset(tasks[k]), net.layout.taskSize(tasks[k]), e.targets()[k]);
    }
    if (e.apparel() >= 0) {
      float[] target = new float[net.layout.apparels().size()];
      target[e.apparel()] = 1f;
      loss += head(net.layout.apparelOffset(), target.length, target);
    }
    int[] features = e.features();
    if (features.length > 0) {
      float scale = 1f / features.length;
      double sq = 0;
      for (int j = 0; j < net.dim; j++) {
        float g = gradH[j] * scale;
        sq += g * g;
      }
      float meanSq = (float) (sq / net.dim);
      for (int f : features) {
        rowSquares[f] += meanSq;
        float step = learningRate / ((float) Math.sqrt(rowSquares[f]) + EPS);
        int base = f * net.dim;
        for (int j = 0; j < net.dim; j++) {
          net.embedding[base + j] -= step * gradH[j] * scale;
        }
      }
    }
    return loss;
  }

  /** Forward, loss and update of one softmax head; accumulates the gradient of h. */
  private double head(int offset, int size, float[] target) {
    net.softmax(h, offset, size, p);
    double loss = 0;
    int dim = net.dim;
    for (int k = 0; k < size; k++) {
      if (target[k] > 0) {
        loss -= target[k] * StrictMath.log(Math.max(p[k], 1e-12f));
      }
      float delta = p[k] - target[k];
      int o = offset + k;
      int base = o * dim;
      for (int j = 0; j < dim; j++) {
        float w = net.weights[base + j];
        gradH[j] += delta * w;
        float g = delta * h[j];
        weightSquares[base + j] += g * g;
        net.weights[base + j] =
            w - learningRate * g / ((float) Math.sqrt(weightSquares[base + j]) + EPS);
      }
      biasSquares[o] += delta * delta;
      net.bias[o] -= learningRate * delta / ((float) Math.sqrt(biasSquares[o]) + EPS);
    }
    return loss;
  }
}
