package io.imat.api.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Receives a response body chunk by chunk: written straight to a temporary file (so no picture is
 * ever held in memory whole), or discarded; stops reading at a byte cap; and stamps every chunk's
 * arrival so an idle watch can tell a slow body from a stalled one. The body value is the number of
 * bytes received.
 */
final class CappedBody implements HttpResponse.BodySubscriber<Long> {
  private final FileChannel out;
  private final long cap;
  private final AtomicLong lastActivity;
  private final IOException rejection;
  private final LongConsumer written;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private long received;

  private CappedBody(
      FileChannel out,
      long cap,
      AtomicLong lastActivity,
      IOException rejection,
      LongConsumer written) {
    this.out = out;
    this.cap = cap;
    this.lastActivity = lastActivity;
    this.rejection = rejection;
    this.written = written;
  }

  /** Writes the body to {@code out}; fails with {@link BodyTooLargeException} past {@code cap}. */
  static CappedBody toFile(FileChannel out, long cap, AtomicLong lastActivity) {
    return toFile(out, cap, lastActivity, n -> {});
  }

  /** Like {@link #toFile(FileChannel, long, AtomicLong)}, telling {@code written} every chunk. */
  static CappedBody toFile(
      FileChannel out, long cap, AtomicLong lastActivity, LongConsumer written) {
    return new CappedBody(out, cap, lastActivity, null, written);
  }

  /**
   * Reads and drops the body (error pages, redirects) so the connection can be reused; past {@code
   * cap} it stops and the connection is closed, without failing.
   */
  static CappedBody discarding(long cap, AtomicLong lastActivity) {
    return new CappedBody(null, cap, lastActivity, null, n -> {});
  }

  /** Reads nothing and fails with {@code e} (a Content-Length over the cap, say). */
  static CappedBody rejecting(IOException e) {
    return new CappedBody(null, 0, new AtomicLong(), e, n -> {});
  }

  /** Bytes received so far. */
  synchronized long received() {
    return received;
  }

  /** Gives up: cancels the subscription (closing the connection) and fails the body. */
  void abort(IOException e) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(e);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    if (rejection != null) {
      s.cancel();
      result.completeExceptionally(rejection);
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    lastActivity.set(System.nanoTime());
    try {
      for (ByteBuffer b : items) {
        long n = b.remaining();
        synchronized (this) {
          received += n;
        }
        if (received() > cap) {
          subscription.cancel();
          if (out == null) {
            result.complete(received());
          } else {
            result.completeExceptionally(
                new BodyTooLargeException("body larger than the cap of " + cap + " bytes"));
          }
          return;
        }
        if (out != null) {
          while (b.hasRemaining()) {
            out.write(b);
          }
          written.accept(n);
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      result.completeExceptionally(new LocalWriteException(e));
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    if (out == null && rejection == null) {
      // A discarded body that breaks off does not matter: the status line is what counts.
      result.complete(received());
    } else {
      result.completeExceptionally(t);
    }
  }

  @Override
  public void onComplete() {
    result.complete(received());
  }
}
