package io.imat.models.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment PyTorch's natives should see when they load, set in this process before imat
 * loads them: {@code OMP_WAIT_POLICY=PASSIVE} unless the variable is already set.
 *
 * <p>Why: the bundled PyTorch runs its kernels on OpenMP (libgomp), whose idle threads spin by
 * default, waiting for the next parallel region. On a machine shared with another busy process the
 * spinning threads steal the cores the working ones need; measured with {@code imat bench shared}
 * (ResNet-18, 48 px, batch 16, 2 threads, one competing busy core), a training step took 10.6 s
 * with the default policy and 2.2 s with {@code PASSIVE} (see the README's shared-machine section).
 * OpenMP reads the variable once, when its library loads, so it must be in the C environment before
 * the first PyTorch call: imat sets it with {@code setenv} (through JNA, which DJL already ships)
 * the first time it touches the engine. When something else loaded PyTorch earlier, the setting
 * comes too late and has no effect; set the variable before starting the JVM then ({@code ./imat}
 * does). {@code -Dimat.ompWaitPolicy=VALUE} chooses another value, {@code -Dimat.ompWaitPolicy=}
 * (empty) leaves the environment alone.
 */
public final class PyTorchEnvironment {
  /** The variable set. */
  public static final String WAIT_POLICY = "OMP_WAIT_POLICY";

  /** The value set when the variable is unset. */
  public static final String DEFAULT_WAIT_POLICY = "PASSIVE";

  private static final Logger log = LoggerFactory.getLogger(PyTorchEnvironment.class);
  private static boolean prepared;

  private PyTorchEnvironment() {}

  /** The C library's environment functions. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);

    @Nullable String getenv(String name);
  }

  /**
   * Sets {@value #WAIT_POLICY} in the C environment unless it is set (once per JVM; later calls do
   * nothing). Call before the PyTorch engine loads; imat's training and prediction entry points do.
   */
  public static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    String value = System.getProperty("imat.ompWaitPolicy", DEFAULT_WAIT_POLICY);
    if (value.isEmpty() || Platform.isWindows() || System.getenv(WAIT_POLICY) != null) {
      return;
    }
    try {
      int rc = libc().setenv(WAIT_POLICY, value, 0);
      if (rc != 0) {
        log.debug("setenv({}) returned {}", WAIT_POLICY, rc);
      }
    } catch (LinkageError | RuntimeException e) {
      log.debug("could not set {} (JNA unavailable): {}", WAIT_POLICY, e.toString());
    }
  }

  /** The variable's value in the C environment (what OpenMP reads), or null. */
  public static @Nullable String current(String name) {
    try {
      return libc().getenv(name);
    } catch (LinkageError | RuntimeException e) {
      return System.getenv(name);
    }
  }

  private static CLibrary libc() {
    return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
  }
}
