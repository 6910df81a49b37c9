package io.imat.api.download;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Images waiting for a retry (backoff or Retry-After), parked until their time instead of blocking
 * a download slot: while an image waits three seconds for a rate-limited mirror, its slot fetches
 * other images. Workers take due images first, then new ones.
 */
final class RetryQueue<T> {
  private record Entry<T>(long due, long seq, T item) {}

  private final PriorityQueue<Entry<T>> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due - b.due, 0) : Long.compare(a.seq, b.seq));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long seq;
  private boolean closed;

  /** Parks {@code item} until {@code dueNanos} ({@link System#nanoTime()} time). */
  void park(T item, long dueNanos) {
    lock.lock();
    try {
      queue.add(new Entry<>(dueNanos, seq++, item));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A parked item whose time has come, or null. */
  @Nullable T pollDue() {
    lock.lock();
    try {
      Entry<T> head = queue.peek();
      if (head != null && head.due - System.nanoTime() <= 0) {
        return queue.poll().item;
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the earliest parked item to come due and returns it; null when nothing is parked (or
   * the queue was closed).
   */
  @Nullable T awaitDue() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        Entry<T> head = queue.peek();
        if (head == null) {
          return null;
        }
        long wait = head.due - System.nanoTime();
        if (wait <= 0) {
          return queue.poll().item;
        }
        changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter and makes {@link #awaitDue} return null from now on. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
