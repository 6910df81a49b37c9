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
 *
 * <p>On Linux it also tells glibc's malloc to keep and reuse the memory of freed tensors ({@code
 * mallopt}: no separate mappings for large blocks, trimming only above 2 GB free, 256 MB of
 * headroom per heap growth). By default glibc maps every block above its threshold (128 kB, growing
 * to at most 32 MB) afresh and unmaps it when freed, so each training step page-faults its
 * activations in again: on this project's 2-core VM a ResNet-50 step (112 px, batch 16, 1 thread)
 * took 0.83–0.91 M page faults and ran at 7.2–9.6 img/s, against 0.34 M faults and 13.9–15.0 img/s
 * with the memory kept (3 alternated runs each). Blocks of 64 MB and more (a per-thread heap's
 * size) still get fresh pages. The cost: the process keeps up to its peak of native memory instead
 * of returning it. Skipped when any {@code MALLOC_*_} variable or {@code GLIBC_TUNABLES} is set
 * (the user chose), or with {@code -Dimat.mallocTuning=false}.
 */
public final class PyTorchEnvironment {
  /** The variable set. */
  public static final String WAIT_POLICY = "OMP_WAIT_POLICY";

  /** The value set when the variable is unset. */
  public static final String DEFAULT_WAIT_POLICY = "PASSIVE";

  // glibc's mallopt parameters (malloc.h).
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_MAX = -4;
  private static final int TOP_PAD = 256 << 20;
  private static final String[] MALLOC_VARIABLES = {
    "MALLOC_MMAP_MAX_",
    "MALLOC_MMAP_THRESHOLD_",
    "MALLOC_TRIM_THRESHOLD_",
    "MALLOC_TOP_PAD_",
    "MALLOC_ARENA_MAX",
    "GLIBC_TUNABLES"
  };

  private static final Logger log = LoggerFactory.getLogger(PyTorchEnvironment.class);
  private static boolean prepared;
  private static boolean mallocTuned;

  private PyTorchEnvironment() {}

  /** The C library's environment functions. */
  interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);

    @Nullable String getenv(String name);

    int mallopt(int param, int value);
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
    setWaitPolicy();
    tuneMalloc();
  }

  /**
   * Whether {@link #prepare} told glibc's malloc to keep freed memory for reuse (see the class
   * comment): false before, off Linux, when the user set malloc's variables, or when disabled.
   */
  public static synchronized boolean mallocTuned() {
    return mallocTuned;
  }

  private static void setWaitPolicy() {
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

  private static void tuneMalloc() {
    if (!Platform.isLinux()
        || Platform.isAndroid()
        || "false".equals(System.getProperty("imat.mallocTuning"))) {
      return;
    }
    for (String name : MALLOC_VARIABLES) {
      if (System.getenv(name) != null) {
        return;
      }
    }
    try {
      CLibrary c = libc();
      // mallopt returns 1 on success; musl's is a stub that returns 0.
      mallocTuned =
          c.mallopt(M_MMAP_MAX, 0) == 1
              && c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1
              && c.mallopt(M_TOP_PAD, TOP_PAD) == 1;
    } catch (LinkageError | RuntimeException e) {
      log.debug("could not tune malloc (no glibc mallopt): {}", e.toString());
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
