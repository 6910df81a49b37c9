package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.imat.api.io.InvalidDataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) with its state in the open, so checkpoints can save and restore it.
 * Each update is a handful of in-place PyTorch operations on the moments and the weight (see {@link
 * #update}), with the bias correction folded into the step size as Keras and PyTorch do.
 */
public final class Adam implements AutoCloseable {
  private static final byte[] MAGIC = "IMATADAM".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT_VERSION = 1;

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final NDManager manager;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private final Map<String, Integer> steps = new LinkedHashMap<>();

  /** Adam with Keras' defaults (β1 0.9, β2 0.999, ε 1e-7) keeping its state in {@code parent}. */
  public Adam(NDManager parent) {
    this(parent, 0.9f, 0.999f, 1e-7f);
  }

  /** Adam with explicit hyper-parameters. */
  public Adam(NDManager parent, float beta1, float beta2, float epsilon) {
    checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas out of [0, 1)");
    checkArgument(epsilon > 0, "epsilon must be positive");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.manager = parent.newSubManager();
  }

  /**
   * Applies one step to {@code weight} from its gradient {@code grad} with learning rate {@code
   * lr}, then zeroes the gradient, whose storage serves as scratch space.
   *
   * <p>The moments are updated in place and the gradient's storage serves as scratch space, so one
   * temporary is allocated per parameter instead of the half dozen of DJL's Adam: for a 23.6
   * M-parameter network the allocations cost more than the arithmetic.
   */
  public void update(String id, NDArray weight, NDArray grad, float lr) {
    int t = steps.merge(id, 1, Integer::sum);
    NDArray m = means.computeIfAbsent(id, k -> manager.zeros(weight.getShape()));
    NDArray v = variances.computeIfAbsent(id, k -> manager.zeros(weight.getShape()));
    float corrected = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    try (NoGrad noGrad = NoGrad.enter()) {
      // m = b1·m + (1−b1)·g, written as (1−b1)·(m·b1/(1−b1) + g) to stay in place.
      m.muli(beta1 / (1 - beta1)).addi(grad).muli(1 - beta1);
      // v = b2·v + (1−b2)·g², with g² formed in the gradient's own storage.
      grad.muli(grad);
      v.muli(beta2 / (1 - beta2)).addi(grad).muli(1 - beta2);
      // w −= lr_t · m / (√v + ε), with two temporaries as in PyTorch's own Adam (a quotient
      // formed in place would cost two more passes over memory than it saves).
      try (NDArray denominator = v.sqrt()) {
        denominator.addi(epsilon);
        try (NDArray step = m.div(denominator)) {
          weight.subi(step.muli(corrected));
        }
      }
      JniUtils.zeroGrad((PtNDArray) weight);
    }
  }

  /** Forgets the state of the parameters whose ids are not in {@code keep}. */
  public void retainOnly(java.util.Set<String> keep) {
    for (var it = means.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!keep.contains(e.getKey())) {
        e.getValue().close();
        variances.remove(e.getKey()).close();
        steps.remove(e.getKey());
        it.remove();
      }
    }
  }

  /**
   * Writes the state for a checkpoint: {@code "IMATADAM"}, version (int32), entry count (int32),
   * then per parameter its name (modified UTF-8, as {@code DataOutput.writeUTF}), step count
   * (int32), element count (int64), and the first and second moments as float32 little-endian.
   * Streamed in chunks: the state is twice the model, too big for one array, and nothing native is
   * allocated (an earlier version left one array per parameter per checkpoint behind).
   */
  public void writeState(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.write(MAGIC);
    d.writeInt(FORMAT_VERSION);
    d.writeInt(means.size());
    for (Map.Entry<String, NDArray> e : means.entrySet()) {
      String id = e.getKey();
      d.writeUTF(id);
      d.writeInt(steps.get(id));
      d.writeLong(e.getValue().size());
      writeFloats(d, e.getValue());
      writeFloats(d, variances.get(id));
    }
    d.flush();
  }

  private static void writeFloats(DataOutputStream d, NDArray a) throws IOException {
    ByteBuffer b = a.toByteBuffer();
    if (b.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("PyTorch buffers are little-endian on supported platforms");
    }
    byte[] chunk = new byte[1 << 16];
    while (b.hasRemaining()) {
      int n = Math.min(chunk.length, b.remaining());
      b.get(chunk, 0, n);
      d.write(chunk, 0, n);
    }
  }

  /** The number of parameters with a state. */
  public int size() {
    return means.size();
  }

  /**
   * Restores a state written by {@link #writeState}, for parameters of the given names and shapes.
   * Every count is checked against {@code expected} before anything is allocated, so a corrupt file
   * costs at most the network's own size.
   *
   * @param source names the file in messages
   * @throws InvalidDataException if the state is not one of these parameters' (unknown name, wrong
   *     size, bad step count, NaN or infinite moments, truncated or trailing data)
   */
  public void restore(InputStream in, Map<String, Shape> expected, String source)
      throws IOException {
    DataInputStream d = new DataInputStream(in);
    Map<String, NDArray> m = new LinkedHashMap<>();
    Map<String, NDArray> v = new LinkedHashMap<>();
    Map<String, Integer> t = new LinkedHashMap<>();
    boolean ok = false;
    try {
      byte[] magic = d.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new InvalidDataException(source, "", "not an imat Adam state (no IMATADAM header)");
      }
      int version = d.readInt();
      if (version != FORMAT_VERSION) {
        throw new InvalidDataException(source, "", "unsupported Adam state version " + version);
      }
      int count = d.readInt();
      if (count < 0 || count > expected.size()) {
        throw new InvalidDataException(
            source, "", count + " entries for a network of " + expected.size() + " parameters");
      }
      for (int k = 0; k < count; k++) {
        String id = d.readUTF();
        String where = "entry " + k + " (" + id + ")";
        Shape shape = expected.get(id);
        if (shape == null || m.containsKey(id)) {
          throw new InvalidDataException(
              source, where, shape == null ? "no such parameter" : "duplicate entry");
        }
        int stepCount = d.readInt();
        long n = d.readLong();
        if (stepCount < 1 || n != shape.size()) {
          throw new InvalidDataException(
              source,
              where,
              String.format("%d steps, %d values for shape %s", stepCount, n, shape));
        }
        m.put(id, readFloats(d, shape, source, where));
        v.put(id, readFloats(d, shape, source, where));
        t.put(id, stepCount);
      }
      if (d.read() >= 0) {
        throw new InvalidDataException(source, "", "trailing bytes after the last entry");
      }
      ok = true;
    } catch (EOFException | UTFDataFormatException e) {
      throw new InvalidDataException(source, "", "truncated or malformed Adam state", e);
    } finally {
      if (!ok) {
        m.values().forEach(NDArray::close);
        v.values().forEach(NDArray::close);
      }
    }
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
    steps.clear();
    means.putAll(m);
    variances.putAll(v);
    steps.putAll(t);
  }

  private NDArray readFloats(DataInputStream d, Shape shape, String source, String where)
      throws IOException {
    float[] values = new float[Math.toIntExact(shape.size())];
    byte[] chunk = new byte[1 << 16];
    ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int filled = 0;
    while (filled < values.length) {
      int n = Math.min(chunk.length / 4, values.length - filled);
      d.readFully(chunk, 0, n * 4);
      b.clear();
      for (int i = 0; i < n; i++) {
        float x = b.getFloat();
        if (!Float.isFinite(x)) {
          throw new InvalidDataException(source, where, "a moment is " + x);
        }
        values[filled + i] = x;
      }
      filled += n;
    }
    return manager.create(values, shape);
  }

  @Override
  public void close() {
    manager.close();
  }
}
