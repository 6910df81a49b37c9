package io.imat.spark;

import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.util.TaskCompletionListener;

/** What every imat task does on an executor: threads, interruption, scratch space. */
final class TaskSupport {
  /**
   * A seam for tests in local mode: whether the task should fail at a point (for example {@code
   * "predict:published"}, {@code "fold:trained"}, {@code "progress:epoch 2/3"}), to check that a
   * retried attempt leaves complete outputs and no duplicates. Never set in production.
   */
  static volatile BiPredicate<TaskContext, String> faults = (tc, point) -> false;

  private TaskSupport() {}

  /** Fails the task here if {@link #faults} says so. */
  static void faultPoint(TaskContext tc, String point) {
    if (faults.test(tc, point)) {
      throw new IllegalStateException("failure injected at " + point);
    }
  }

  /** The running task's context (tasks only run inside Spark). */
  static TaskContext context() {
    TaskContext tc = TaskContext.get();
    if (tc == null) {
      throw new IllegalStateException("not inside a Spark task");
    }
    return tc;
  }

  /**
   * A progress listener that stops the task between two steps (batches) once Spark has killed it (a
   * speculative copy won, the job was cancelled): native calls cannot be interrupted, so the task
   * looks at its flag whenever a batch is done.
   */
  static ProgressListener stopWhenKilled() {
    TaskContext tc = context();
    return (name, total) -> {
      faultPoint(tc, "progress:" + name);
      return new Progress() {
        @Override
        public void step(long n) {
          check(tc);
        }

        @Override
        public void message(String text) {
          check(tc);
        }

        @Override
        public void close() {}
      };
    };
  }

  /** Throws Spark's {@link TaskKilledException} if {@code tc} was killed. */
  static void check(TaskContext tc) {
    if (tc.isInterrupted()) {
      throw new TaskKilledException("killed; stopped between two batches");
    }
  }

  /** A scratch directory for this task attempt, deleted when the attempt ends. */
  static Path scratch(String what) {
    TaskContext tc = context();
    try {
      Path dir =
          Files.createTempDirectory(
              "imat-" + what + "-" + tc.partitionId() + "-" + tc.taskAttemptId() + "-");
      tc.addTaskCompletionListener(
          (TaskCompletionListener)
              done -> {
                try {
                  ModelArchive.deleteTree(dir);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name a task attempt gives its output: partition, attempt, unique. */
  static String attemptFile(TaskContext tc, String prefix, String suffix) {
    return String.format(
        "%s-%05d-attempt-%d-%d%s",
        prefix, tc.partitionId(), tc.attemptNumber(), tc.taskAttemptId(), suffix);
  }
}
