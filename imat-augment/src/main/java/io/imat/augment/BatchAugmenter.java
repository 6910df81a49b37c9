package io.imat.augment;

import io.imat.augment.image.Image;
import io.imat.augment.image.RenderBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Augments batches in parallel. Element {@code i} of a batch augmented with seed {@code s} is
 * exactly {@code augmenter.augment(image, s, firstIndex + i)}, whatever the thread count, so
 * training runs reproduce bit for bit on any machine.
 *
 * <p>Threads pull images one at a time from a shared counter, which balances uneven work (a blur
 * costs more than no blur). The calling thread works too: {@code threads(2)} starts one helper.
 * Close the augmenter to stop its helper threads; they are daemons, so a forgotten augmenter never
 * keeps the JVM alive.
 */
public final class BatchAugmenter implements AutoCloseable {
  private final Augmenter augmenter;
  private final int threads;
  private final ExecutorService pool;
  private final boolean ownsPool;

  private BatchAugmenter(Builder b) {
    this.augmenter = Objects.requireNonNull(b.augmenter, "augmenter");
    this.threads = b.threads;
    if (b.executor != null) {
      this.pool = b.executor;
      this.ownsPool = false;
    } else {
      this.pool =
          threads > 1
              ? Executors.newFixedThreadPool(
                  threads - 1,
                  r -> {
                    Thread t = new Thread(r, "imat-augment");
                    t.setDaemon(true);
                    return t;
                  })
              : null;
      this.ownsPool = true;
    }
  }

  /** A builder; {@link Builder#augmenter} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The augmenter applied to each element. */
  public Augmenter augmenter() {
    return augmenter;
  }

  /** The number of threads working on a batch, the caller included. */
  public int threads() {
    return threads;
  }

  /** Augments {@code images} as a batch with indices {@code 0 .. size-1}. */
  public List<Image> augment(List<Image> images, long seed) {
    return augment(images, seed, 0);
  }

  /**
   * Augments {@code images} as a batch whose first element has index {@code firstIndex} (pass the
   * position in the epoch to give every picture of an epoch its own stream).
   */
  public List<Image> augment(List<Image> images, long seed, long firstIndex) {
    List<Image> in = List.copyOf(images);
    return run(
        in.size(),
        (i, buffers) -> augment(Sample.of(in.get(i)), seed, firstIndex + i, buffers).image());
  }

  /** Augments images with their annotations; see {@link #augment(List, long, long)}. */
  public List<Sample> augmentSamples(List<Sample> samples, long seed, long firstIndex) {
    List<Sample> in = List.copyOf(samples);
    return run(in.size(), (i, buffers) -> augment(in.get(i), seed, firstIndex + i, buffers));
  }

  private Sample augment(Sample sample, long seed, long index, RenderBuffers buffers) {
    // Same as Augmenter.augment(sample, seed, index), with this worker's scratch memory.
    Canvas canvas = Canvas.of(sample, buffers);
    augmenter.apply(canvas, Seeds.random(seed, index));
    return canvas.toSample();
  }

  private <T> List<T> run(int n, Task<T> task) {
    Object[] out = new Object[n];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(n);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          RenderBuffers buffers = new RenderBuffers();
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            try {
              out[i] = task.apply(i, buffers);
            } catch (RuntimeException e) {
              // Recorded before the counter jumps, so whoever sees the jump sees the failure.
              failure.compareAndSet(null, e);
              next.set(n);
            } finally {
              finished.countDown();
            }
          }
        };
    int helpers = pool == null ? 0 : Math.min(threads - 1, n - 1);
    List<Future<?>> futures = new ArrayList<>(Math.max(helpers, 0));
    for (int h = 0; h < helpers; h++) {
      futures.add(pool.submit(worker));
    }
    worker.run();
    // A helper that has not started yet has nothing left to do once the caller leaves its loop:
    // cancel it instead of waiting for a busy shared pool to run it (which could deadlock when
    // the pool's threads all wait like this one). Helpers already running are not interrupted;
    // the latch waits for the elements they took.
    futures.forEach(f -> f.cancel(false));
    if (failure.get() == null) {
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while augmenting a batch", e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    @SuppressWarnings("unchecked")
    List<T> result = (List<T>) Arrays.asList(out);
    return List.copyOf(result);
  }

  /** Stops the helper threads it started; a pool passed to the builder is left running. */
  @Override
  public void close() {
    if (pool != null && ownsPool) {
      pool.shutdownNow();
    }
  }

  /** One element of a batch, computed with the worker's scratch memory. */
  private interface Task<T> {
    T apply(int index, RenderBuffers buffers);
  }

  /** Configures a {@link BatchAugmenter}. */
  public static final class Builder {
    private Augmenter augmenter;
    private int threads = 1;
    private ExecutorService executor;

    private Builder() {}

    /** The augmenter (or pipeline) to apply. */
    public Builder augmenter(Augmenter augmenter) {
      this.augmenter = Objects.requireNonNull(augmenter);
      return this;
    }

    /**
     * Threads working on a batch, the caller included; default 1.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Runs the helpers on {@code executor} (e.g. a pool shared with data loading) instead of
     * starting threads; {@code threads} still bounds how many work on one batch, the caller
     * included. The executor is not shut down by {@link BatchAugmenter#close()}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Builder executor(ExecutorService executor, int threads) {
      this.executor = Objects.requireNonNull(executor);
      return threads(threads);
    }

    /**
     * The configured batch augmenter.
     *
     * @throws NullPointerException if no augmenter was set
     */
    public BatchAugmenter build() {
      return new BatchAugmenter(this);
    }
  }
}
