package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * imat puts {@code OMP_WAIT_POLICY=PASSIVE} into the C environment, where PyTorch's OpenMP reads it
 * when it loads, unless the variable was set before the JVM started, and has glibc's malloc reuse
 * freed memory instead of mapping large blocks afresh (checked by counting page faults). (Effects
 * on step times are measured, not asserted: {@code imat bench shared}, {@code imat bench train}.)
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
  void freedNativeMemoryIsReusedWithoutPageFaults() throws Exception {
    Map<String, String> tuned = child();
    Map<String, String> plain = child("-Dimat.mallocTuning=false");
    assertThat(tuned.get("TUNED")).isEqualTo("true");
    assertThat(plain.get("TUNED")).isEqualTo("false");
    // glibc's default maps a 16 MB block afresh: 4,096 new faults per use; kept, it faults none.
    assertThat(Long.parseLong(plain.get("FAULTS"))).isGreaterThanOrEqualTo(4096);
    assertThat(Long.parseLong(tuned.get("FAULTS"))).isLessThan(256);
  }

  private static Map<String, String> child(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), MallocChild.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String name : List.of("MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")) {
      pb.environment().remove(name);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    Map<String, String> values = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] kv = line.split(" ", 2);
      if (kv.length == 2 && (kv[0].equals("TUNED") || kv[0].equals("FAULTS"))) {
        values.put(kv[0], kv[1].strip());
      }
    }
    assertThat(values).as(out).containsKeys("TUNED", "FAULTS");
    return values;
  }

  @Test
  void trainingPreparesTheEnvironmentBeforeTheEngineLoads() {
    // Any use of the engine by imat goes through ComputeThreads or TrainedModel.load first.
    ComputeThreads.current();
    assertThat(PyTorchEnvironment.current(PyTorchEnvironment.WAIT_POLICY)).isNotNull();
  }
}
