package io.imat.models.tensorflow;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;

/**
 * Starts the TensorFlow engine from the cache folder {@code args[0]}; see TensorFlowNativesTest.
 */
public final class TensorFlowChild {
  private TensorFlowChild() {}

  /** Prints the engine, a sum computed by TensorFlow and the library folder used. */
  public static void main(String[] args) throws Exception {
    if (TensorFlowNatives.configuredLibraryPath() != null) {
      throw new IllegalStateException("TENSORFLOW_LIBRARY_PATH already set");
    }
    Engine e = TensorFlowNatives.engine(Path.of(args[0]));
    System.out.println("ENGINE " + e.getEngineName() + " " + e.getVersion());
    try (NDManager m = e.newBaseManager()) {
      System.out.println("SUM " + m.create(new float[] {1, 2, 3}).sum().getFloat());
    }
    System.out.println("LIBRARY_PATH " + System.getProperty("TENSORFLOW_LIBRARY_PATH"));
  }
}
