package io.imat.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * bfloat16 compute with float32 weights, the rule of {@code torch.autocast("cpu",
 * dtype=torch.bfloat16)}: convolutions and dense layers run in bfloat16 on their input cast to
 * bfloat16 and on a bfloat16 copy of their float32 weights; the casts are differentiable, so the
 * gradients reach the weights as float32. The activations between them stay bfloat16: batch norms
 * take bfloat16 input with float32 statistics and affine parameters, ReLU, pooling and sums follow
 * their input. The logits come back float32 ({@link #toFloat32}).
 *
 * <p>DJL 0.28's native layer has no code for bfloat16: converting to it, or even asking a bfloat16
 * tensor its type, aborts the JVM. So the casts and the bfloat16 layers run in a small TorchScript
 * module ({@code bf16_ops.pt}, written by {@code src/main/python/bf16_ops.py}), called with
 * autograd on, and imat never asks an activation its type while a pass is mixed: a pass is mixed
 * when its forward parameters carry an instance ({@link #params}).
 */
public final class MixedPrecision implements AutoCloseable {
  /** The forward-pass parameter key under which an instance travels. */
  public static final String KEY = "imat.mixedPrecision";

  private static final String MODULE = "bf16_ops.pt";
  private static final long CONV = 0;
  private static final long DENSE = 1;
  private static final long[] NO_INTS = {};
  private static final long TO_BFLOAT16 = 2;
  private static final long TO_FLOAT32 = 3;

  private final PtNDManager manager;
  private final PtSymbolBlock module;
  private final Object library;
  private final Method runMethod;
  private final Constructor<IValue> ivalue;
  private final PtNDArray none;

  private MixedPrecision(PtNDManager manager) {
    this.manager = manager;
    try (InputStream in = MixedPrecision.class.getResourceAsStream(MODULE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + MODULE);
      }
      this.module = JniUtils.loadModule(manager, in, false, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      // DJL 0.28 runs TorchScript methods only without autograd (IValueUtils passes isTrain =
      // false); its native entry point takes the flag, so the call goes there directly.
      Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
      Field field = lib.getDeclaredField("LIB");
      field.setAccessible(true);
      this.library = field.get(null);
      this.runMethod =
          lib.getDeclaredMethod(
              "moduleRunMethod",
              long.class,
              String.class,
              long[].class,
              boolean.class,
              boolean.class);
      runMethod.setAccessible(true);
      this.ivalue = IValue.class.getDeclaredConstructor(long.class);
      ivalue.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      module.close();
      throw new IllegalStateException(
          "bf16 needs DJL 0.28's PyTorch engine (PyTorchLibrary.moduleRunMethod not found)", e);
    }
    this.none = (PtNDArray) manager.create(new float[0]);
  }

  /** Loads the bfloat16 operations on {@code manager}'s engine; closing frees them. */
  public static MixedPrecision load(NDManager manager) {
    return new MixedPrecision((PtNDManager) manager);
  }

  /** Forward parameters that make a pass mixed. */
  public static PairList<String, Object> params(
      MixedPrecision mixed, @Nullable PairList<String, Object> others) {
    PairList<String, Object> p = new PairList<>();
    if (others != null) {
      for (var e : others) {
        if (!e.getKey().equals(KEY)) {
          p.add(e.getKey(), e.getValue());
        }
      }
    }
    p.add(KEY, mixed);
    return p;
  }

  /** The instance a pass carries, or null for a float32 pass. */
  public static @Nullable MixedPrecision of(@Nullable PairList<String, Object> params) {
    return params == null ? null : (MixedPrecision) params.get(KEY);
  }

  /**
   * {@code block.forward(...)}; in a mixed pass, a {@link Conv2d} or {@link Linear} runs in
   * bfloat16.
   */
  public static NDList forward(
      ParameterStore store,
      Block block,
      NDList inputs,
      boolean training,
      @Nullable PairList<String, Object> params) {
    MixedPrecision mixed = of(params);
    if (mixed != null) {
      if (block instanceof Conv2d conv) {
        NDArray x = inputs.singletonOrThrow();
        PairList<String, Parameter> p = conv.getParameters();
        return new NDList(
            mixed.conv(
                x,
                store.getValue(p.get("weight"), x.getDevice(), training),
                conv.isIncludeBias()
                    ? store.getValue(p.get("bias"), x.getDevice(), training)
                    : null,
                conv.getStride(),
                conv.getPadding(),
                conv.getDilation(),
                conv.getGroups()));
      }
      if (block instanceof Linear dense) {
        NDArray x = inputs.singletonOrThrow();
        PairList<String, Parameter> p = dense.getParameters();
        Parameter bias = p.get("bias");
        return new NDList(
            mixed.dense(
                x,
                store.getValue(p.get("weight"), x.getDevice(), training),
                bias == null ? null : store.getValue(bias, x.getDevice(), training)));
      }
    }
    return block.forward(store, inputs, training, params);
  }

  /** A 2-D convolution in bfloat16 of float32 or bfloat16 {@code x} with float32 weights. */
  public NDArray conv(
      NDArray x,
      NDArray weight,
      @Nullable NDArray bias,
      Shape stride,
      Shape padding,
      Shape dilation,
      int groups) {
    return run(
        x,
        CONV,
        weight,
        bias,
        IValue.listFrom(stride.getShape()),
        IValue.listFrom(padding.getShape()),
        IValue.listFrom(dilation.getShape()),
        groups);
  }

  /** A dense layer in bfloat16. */
  public NDArray dense(NDArray x, NDArray weight, @Nullable NDArray bias) {
    return unary(DENSE, x, weight, bias);
  }

  /** {@code x} (float32 or bfloat16) as bfloat16. */
  public NDArray toBfloat16(NDArray x) {
    return unary(TO_BFLOAT16, x, none, null);
  }

  /** {@code x} (float32 or bfloat16) as float32. */
  public NDArray toFloat32(NDArray x) {
    return unary(TO_FLOAT32, x, none, null);
  }

  // The operations without convolution geometry.
  private NDArray unary(long op, NDArray x, NDArray weight, @Nullable NDArray bias) {
    return run(
        x,
        op,
        weight,
        bias,
        IValue.listFrom(NO_INTS),
        IValue.listFrom(NO_INTS),
        IValue.listFrom(NO_INTS),
        1);
  }

  private NDArray run(
      NDArray x,
      long op,
      NDArray weight,
      @Nullable NDArray bias,
      IValue stride,
      IValue padding,
      IValue dilation,
      int groups) {
    PtNDManager owner = (PtNDManager) x.getManager();
    IValue[] in = {
      IValue.from(op),
      IValue.from((PtNDArray) x),
      IValue.from((PtNDArray) weight),
      IValue.from(bias == null ? none : (PtNDArray) bias),
      stride,
      padding,
      dilation,
      IValue.from((long) groups)
    };
    try {
      long[] handles = Arrays.stream(in).mapToLong(IValue::getHandle).toArray();
      long out;
      // The module is one branch per call: the graph executor's profiling and specialisation
      // (per input shape, on by default and per thread) would only add work. DJL's own
      // TorchScript blocks set the flag on every call.
      JniUtils.setGraphExecutorOptimize(false);
      try {
        out = (Long) runMethod.invoke(library, module.getHandle(), "forward", handles, true, false);
      } finally {
        JniUtils.setGraphExecutorOptimize(true);
      }
      try (IValue result = ivalue.newInstance(out)) {
        return result.toTensor(owner);
      }
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("bf16 operation failed", cause);
    } finally {
      for (IValue v : in) {
        v.close();
      }
    }
  }

  @Override
  public void close() {
    none.close();
    module.close();
  }

  @Override
  public String toString() {
    return "MixedPrecision{bfloat16 on " + manager.getDevice() + "}";
  }
}
