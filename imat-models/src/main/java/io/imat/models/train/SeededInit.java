package io.imat.models.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * Initialises a block's parameters from a seed. DJL's initialisers draw from PyTorch's one
 * process-wide generator, so the seeding and the drawing happen under one JVM-wide lock: two runs
 * initialising at once on two threads would otherwise interleave their draws and get other weights
 * than each would alone. Everything else a training run draws at random (shuffles, augmentation,
 * dropout masks) comes from its own Java generators.
 */
public final class SeededInit {
  private static final Object LOCK = new Object();

  private SeededInit() {}

  /**
   * Seeds PyTorch's generator with {@code seed} and initialises {@code block} for {@code input}.
   */
  public static void initialize(Block block, NDManager manager, long seed, Shape input) {
    synchronized (LOCK) {
      manager.getEngine().setRandomSeed((int) seed);
      block.initialize(manager, DataType.FLOAT32, input);
    }
  }

  /**
   * Initialises {@code block} for {@code input} without a seed of its own (its weights are about to
   * be loaded), still under the lock so that it does not disturb a seeded initialisation running on
   * another thread.
   */
  public static void initialize(Block block, NDManager manager, Shape input) {
    synchronized (LOCK) {
      block.initialize(manager, DataType.FLOAT32, input);
    }
  }
}
