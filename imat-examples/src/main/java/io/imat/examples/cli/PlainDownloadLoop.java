package io.imat.examples.cli;

import io.imat.api.dataset.ImageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline of {@code imat bench download}: what a typical competition script did. A fixed
 * thread pool; per image, each mirror in turn with {@link HttpURLConnection}; the first 200 body
 * read into memory and written to {@code <id>.jpg}. No retries, no validation, no temporary file.
 */
final class PlainDownloadLoop {
  private final int threads;
  private final int timeoutMillis;

  PlainDownloadLoop(int threads, int timeoutMillis) {
    this.threads = threads;
    this.timeoutMillis = timeoutMillis;
  }

  /** Downloads every image; returns the number of files written. */
  int download(List<ImageRecord> images, Path dir) throws Exception {
    Files.createDirectories(dir);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>(images.size());
      for (ImageRecord image : images) {
        results.add(pool.submit(() -> fetch(image, dir)));
      }
      int written = 0;
      for (Future<Boolean> f : results) {
        written += f.get() ? 1 : 0;
      }
      return written;
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean fetch(ImageRecord image, Path dir) {
    for (String url : image.urls()) {
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        if (c.getResponseCode() == 200) {
          byte[] body;
          try (InputStream in = c.getInputStream()) {
            body = in.readAllBytes();
          }
          Files.write(dir.resolve(image.fileName()), body);
          return true;
        }
        try (InputStream err = c.getErrorStream()) {
          if (err != null) {
            err.readAllBytes();
          }
        }
      } catch (IOException e) {
        // A typical script just moves on to the next mirror.
      }
    }
    return false;
  }
}
