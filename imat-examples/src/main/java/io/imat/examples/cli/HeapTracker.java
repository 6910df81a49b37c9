package io.imat.examples.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap while a benchmark step runs, two ways: the highest heap use sampled every 10 ms
 * (includes garbage not yet collected, so it grows with -Xmx), and the highest heap left after a
 * garbage collection (what the step really keeps alive: an image held in memory shows up here).
 */
final class HeapTracker implements AutoCloseable {
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapTracker() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener l = this::onGc;
        emitter.addNotificationListener(l, null, null);
        unregister.add(
            () -> {
              try {
                emitter.removeNotificationListener(l);
              } catch (javax.management.ListenerNotFoundException e) {
                // already gone
              }
            });
      }
    }
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "imat-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Collects garbage first, so each step starts from the same floor, then starts tracking. */
  static HeapTracker start() {
    System.gc();
    return new HeapTracker();
  }

  private void sample() {
    peakUsed.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long after = 0;
    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
      after += u.getUsed();
    }
    // Non-heap pools (metaspace, code cache) are in the map too; subtract them.
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
        MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
        if (u != null) {
          after -= u.getUsed();
        }
      }
    }
    peakAfterGc.accumulateAndGet(after, Math::max);
  }

  /** The highest sampled heap use, in MB. */
  double peakUsedMb() {
    return peakUsed.get() / 1e6;
  }

  /** The highest heap use right after a collection, in MB (0 if no collection happened). */
  double peakAfterGcMb() {
    return peakAfterGc.get() / 1e6;
  }

  @Override
  public void close() {
    sample();
    running = false;
    sampler.interrupt();
    unregister.forEach(Runnable::run);
  }
}
