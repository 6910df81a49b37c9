package io.imat.models.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) with its state in the open, so checkpoints can save and restore it.
 * Each update is a handful of in-place PyTorch operations on the moments and the weight (see {@link
 * #update}), with the bias correction folded into the step size as Keras and PyTorch do.
 */
public final class Adam implements AutoCloseable {
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
   * The state as named arrays ({@code m:<id>}, {@code v:<id>}, {@code t:<id>}), for checkpoints.
   */
  public NDList state() {
    NDList out = new NDList();
    for (String id : means.keySet()) {
      NDArray m = means.get(id);
      m.setName("m:" + id);
      NDArray v = variances.get(id);
      v.setName("v:" + id);
      NDArray t = manager.create(new int[] {steps.get(id)});
      t.setName("t:" + id);
      out.add(m);
      out.add(v);
      out.add(t);
    }
    return out;
  }

  /** Restores a state produced by {@link #state()}. */
  public void restore(NDList state) {
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
    steps.clear();
    for (NDArray a : state) {
      String name = a.getName();
      String id = name.substring(2);
      NDArray copy = a.duplicate();
      copy.attach(manager);
      switch (name.charAt(0)) {
        case 'm' -> means.put(id, copy);
        case 'v' -> variances.put(id, copy);
        case 't' -> {
          steps.put(id, copy.toIntArray()[0]);
          copy.close();
        }
        default -> throw new IllegalArgumentException("bad Adam state entry " + name);
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
