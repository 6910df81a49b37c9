package io.imat.api.progress;

/** One tracked loop; thread-safe implementations may be stepped from several threads. */
public interface Progress extends AutoCloseable {
  /** A progress that ignores everything. */
  Progress NONE =
      new Progress() {
        @Override
        public void step(long n) {}

        @Override
        public void message(String text) {}

        @Override
        public void close() {}
      };

  /** Records {@code n} more steps done. */
  void step(long n);

  /** Records one more step done. */
  default void step() {
    step(1);
  }

  /** Sets a short status text shown next to the count, e.g. {@code "loss 0.41, 3 failed"}. */
  void message(String text);

  /** Ends the loop. */
  @Override
  void close();
}
