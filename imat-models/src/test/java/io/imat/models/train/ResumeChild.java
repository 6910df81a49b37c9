package io.imat.models.train;

import io.imat.api.dataset.ImatDataset;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.models.data.PictureSet;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A training run in its own JVM that SIGKILLs itself at a chosen point, for {@link ResumeTest}.
 * Args: dataDir ckptDir mode, where mode is {@code between:E:B} (after batch B of epoch E, before
 * the next batch), {@code inside:E:B:MS} (MS milliseconds after batch B of epoch E finished, so
 * inside the next batch's computation or the epoch's validation), {@code checkpoint:E:FILE} (before
 * writing FILE of epoch E's checkpoint: {@code params}, {@code optimizer}, {@code best}, {@code
 * state} or {@code cleanup}) or {@code none}.
 */
public final class ResumeChild {
  private ResumeChild() {}

  /** Trains until killed (or done). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    String[] mode = args[2].split(":");
    AtomicInteger epoch = new AtomicInteger();
    ProgressListener listener =
        (name, total) -> {
          if (!name.startsWith("epoch ")) {
            return Progress.NONE;
          }
          int e = epoch.incrementAndGet();
          return new Progress() {
            int batch;

            @Override
            public void step(long n) {
              batch += (int) n;
              if (mode[0].equals("between") && at(mode, e, batch)) {
                kill();
              } else if (mode[0].equals("inside") && at(mode, e, batch)) {
                long delay = Long.parseLong(mode[3]);
                Thread t =
                    new Thread(
                        () -> {
                          sleep(delay);
                          kill();
                        });
                t.setDaemon(true);
                t.start();
              }
            }

            @Override
            public void message(String text) {}

            @Override
            public void close() {}
          };
        };
    if (mode[0].equals("checkpoint")) {
      String file = mode[2];
      Checkpoint.beforeWrite =
          name -> {
            boolean match =
                switch (file) {
                  case "params" -> name.startsWith("epoch-");
                  case "optimizer" -> name.startsWith("adam-");
                  case "best" -> name.startsWith("best-");
                  case "state" -> name.equals(Checkpoint.STATE);
                  default -> name.equals(file);
                };
            if (match && epoch.get() == Integer.parseInt(mode[1])) {
              kill();
            }
          };
    }
    Taxonomy t = Taxonomy.loadDirectory(data);
    ImatDataset train = ImatDataset.load(data.resolve("fgvc4_iMat.train.data.json"), t);
    ImatDataset valid = ImatDataset.load(data.resolve("fgvc4_iMat.validation.data.json"), t);
    ResumeTest.classifier(Path.of(args[1]))
        .resume(true)
        .progress(listener)
        .build()
        .train(
            PictureSet.of(train, data.resolve("images")),
            PictureSet.of(valid, data.resolve("images")))
        .close();
  }

  private static boolean at(String[] mode, int epoch, int batch) {
    return epoch == Integer.parseInt(mode[1]) && batch == Integer.parseInt(mode[2]);
  }

  // A real SIGKILL: no shutdown hook, no finally block, no flush runs.
  private static void kill() {
    try {
      new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid()))
          .start()
          .waitFor();
      Thread.sleep(60_000);
    } catch (Exception e) {
      Runtime.getRuntime().halt(137);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
