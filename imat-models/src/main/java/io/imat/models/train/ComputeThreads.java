package io.imat.models.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * PyTorch's intra-op thread count for the calling thread only, restored on {@link #close()}.
 *
 * <p>Why this works, measured on the bundled PyTorch 2.2.2 (libgomp): {@code at::set_num_threads}
 * sets the calling thread's OpenMP {@code nthreads-var}, which is per thread, and also a
 * process-wide default that a thread adopts the first time it runs a PyTorch kernel. Both halves
 * would leak across runs: a thread not yet initialised would adopt a later {@code set} as its
 * default, and a new thread would inherit whatever the last run set. So a scope (1) initialises the
 * calling thread first (a {@code get} does), then sets its count, and (2) resets the process-wide
 * default on a private helper thread, whose own count nobody uses. Two runs on two threads then
 * each keep their own count, and threads that never asked keep the engine's default. (A thread that
 * runs its first kernel in the instant between (1) and (2) would still adopt the run's count: the
 * two calls are one critical section, but PyTorch's lazy initialisation takes no lock of ours.)
 * Autograd runs CPU backward passes on the calling thread, so a training's forward, backward and
 * optimizer steps all see the scope's count.
 */
public final class ComputeThreads implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static final ExecutorService HELPER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "imat-compute-threads");
            t.setDaemon(true);
            return t;
          });
  private static int engineDefault;

  static {
    PyTorchEnvironment.prepare(); // before any use of the engine loads its natives
  }

  private final int previous;
  private final boolean changed;

  private ComputeThreads(int threads) {
    Engine.getEngine(TrainingRun.ENGINE);
    synchronized (LOCK) {
      // Initialises this thread's OpenMP state, under the lock: not while another scope's count
      // is the process-wide default for an instant.
      this.previous = JniUtils.getNumThreads();
      this.changed = threads > 0 && threads != previous;
      if (changed) {
        set(threads);
      }
    }
  }

  /**
   * Runs PyTorch kernels of the calling thread on {@code threads} threads until {@link #close()};
   * {@code threads <= 0} keeps the current count (and only makes sure this thread's count is
   * initialised from the engine's default, not from another run's).
   */
  public static ComputeThreads enter(int threads) {
    return new ComputeThreads(threads);
  }

  /** The PyTorch thread count of the calling thread. */
  public static int current() {
    Engine.getEngine(TrainingRun.ENGINE);
    synchronized (LOCK) {
      return JniUtils.getNumThreads();
    }
  }

  /** The count a thread that never set one gets: the engine's default. */
  public static int engineDefault() {
    synchronized (LOCK) {
      return helperDefault();
    }
  }

  private static void set(int threads) {
    synchronized (LOCK) {
      int fallback = helperDefault();
      JniUtils.setNumThreads(threads);
      onHelper(() -> JniUtils.setNumThreads(fallback));
    }
  }

  // The default as a fresh thread sees it, read once on the helper thread before anyone set it.
  private static int helperDefault() {
    if (engineDefault == 0) {
      int[] seen = new int[1];
      onHelper(() -> seen[0] = JniUtils.getNumThreads());
      engineDefault = seen[0];
    }
    return engineDefault;
  }

  private static void onHelper(Runnable r) {
    try {
      HELPER.submit(r).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting PyTorch threads", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not set PyTorch threads", e.getCause());
    }
  }

  @Override
  public void close() {
    if (changed) {
      set(previous);
    }
  }
}
