package io.imat.models.train;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The number format of a training step's arithmetic. Weights, gradients and Adam's moments stay
 * float32 in both; {@link #BF16} runs convolutions, dense layers and the activations between them
 * in bfloat16, as {@code torch.autocast("cpu", dtype=torch.bfloat16)} does, where the CPU
 * multiplies bfloat16 natively. Predictions and validation always run in float32.
 */
public enum Precision {
  /** float32 everywhere: the default. */
  FP32(DataType.FLOAT32),
  /**
   * bfloat16 compute with float32 master weights; needs a CPU with AVX512-BF16 or AMX-BF16
   * instructions ({@link #check}).
   */
  BF16(DataType.BFLOAT16);

  private final DataType computeType;

  Precision(DataType computeType) {
    this.computeType = computeType;
  }

  /** The type of the step's activations. */
  public DataType computeType() {
    return computeType;
  }

  /** The name the CLI and the JSON use: {@code fp32} or {@code bf16}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The precision named {@code id} ({@code fp32} or {@code bf16}, any case).
   *
   * @throws IllegalArgumentException for another name
   */
  public static Precision of(String id) {
    for (Precision p : values()) {
      if (p.id().equalsIgnoreCase(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown precision '" + id + "': use fp32 or bf16");
  }

  /**
   * The precision named {@code id}, checked against {@code cpu}: what a command-line option takes.
   *
   * @throws IllegalArgumentException for an unknown name, or a precision {@code cpu} cannot run
   *     (the message says which)
   */
  public static Precision ofSupported(String id, CpuFeatures cpu) {
    Precision p = of(id);
    try {
      p.check(cpu);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return p;
  }

  /**
   * Refuses a precision this CPU cannot run at speed: bfloat16 without the native instructions
   * would be emulated, slower than float32.
   *
   * @throws UnsupportedOperationException naming the CPU and the missing instructions
   */
  public void check(CpuFeatures cpu) {
    if (this == BF16 && !(cpu.has("avx512_bf16") || cpu.has("amx_bf16"))) {
      throw new UnsupportedOperationException(
          "bf16 precision needs a CPU with AVX512-BF16 or AMX-BF16 instructions; "
              + cpu.model()
              + " has neither (no avx512_bf16 or amx_bf16 in /proc/cpuinfo): train in fp32");
    }
  }
}
