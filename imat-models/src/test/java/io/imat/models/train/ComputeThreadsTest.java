package io.imat.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A thread's PyTorch thread count is its own and is restored; other threads never see it. */
class ComputeThreadsTest {
  @Test
  void eachThreadKeepsItsOwnCountAndNewThreadsGetTheEngineDefault() throws Exception {
    int engineDefault = ComputeThreads.engineDefault();
    int a = engineDefault == 1 ? 2 : 1;
    int b = engineDefault + 2;
    CountDownLatch bothSet = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<int[]> first = pool.submit(() -> inScope(a, bothSet));
      Future<int[]> second = pool.submit(() -> inScope(b, bothSet));
      assertThat(first.get()).containsExactly(a, a, engineDefault);
      assertThat(second.get()).containsExactly(b, b, engineDefault);
    } finally {
      pool.shutdown();
    }
    int[] fresh = new int[1];
    Thread t = new Thread(() -> fresh[0] = ComputeThreads.current());
    t.start();
    t.join();
    assertThat(fresh[0]).as("a thread that never set a count").isEqualTo(engineDefault);
  }

  // The count inside the scope, again after the other thread set its own, and after the scope.
  private static int[] inScope(int threads, CountDownLatch bothSet) throws Exception {
    int before = ComputeThreads.current();
    int inside;
    int afterOther;
    try (ComputeThreads scope = ComputeThreads.enter(threads)) {
      inside = ComputeThreads.current();
      bothSet.countDown();
      bothSet.await();
      afterOther = ComputeThreads.current();
    }
    assertThat(ComputeThreads.current()).isEqualTo(before);
    return new int[] {inside, afterOther, before};
  }
}
