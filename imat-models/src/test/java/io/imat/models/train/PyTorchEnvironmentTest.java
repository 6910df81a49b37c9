package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * imat puts {@code OMP_WAIT_POLICY=PASSIVE} into the C environment, where PyTorch's OpenMP reads it
 * when it loads, unless the variable was set before the JVM started. (Its effect on step times is
 * measured, not asserted: {@code imat bench shared}.)
 */
class PyTorchEnvironmentTest {
  @Test
  void waitPolicyIsPassiveUnlessAlreadySet() {
    String before = System.getenv(PyTorchEnvironment.WAIT_POLICY);
    PyTorchEnvironment.prepare();
    assertThat(PyTorchEnvironment.current(PyTorchEnvironment.WAIT_POLICY))
        .isEqualTo(before != null ? before : PyTorchEnvironment.DEFAULT_WAIT_POLICY);
  }

  @Test
  void trainingPreparesTheEnvironmentBeforeTheEngineLoads() {
    // Any use of the engine by imat goes through ComputeThreads or TrainedModel.load first.
    ComputeThreads.current();
    assertThat(PyTorchEnvironment.current(PyTorchEnvironment.WAIT_POLICY)).isNotNull();
  }
}
