package io.imat.models.data;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.augment.geometric.Resize;
import io.imat.augment.image.Image;
import io.imat.augment.image.Interpolation;
import io.imat.augment.image.Preprocessing;
import io.imat.models.head.Head;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Streams batches from disk: decode, resize (fused with the augmentation into one resampling),
 * augment, normalise and encode targets, on a pool of worker threads that prefetches a few batches
 * ahead of the consumer. Pictures are never all held in memory: only the batches in flight are.
 *
 * <p>Deterministic: picture {@code k} of the epoch order is augmented with {@code (seed, k)}
 * whatever thread builds it, and batches come out in order.
 */
public final class BatchPipeline implements Iterator<Batch>, AutoCloseable {
  private final PictureSet pictures;
  private final int[] order;
  private final int batchSize;
  private final int side;
  private final Augmenter transform;
  private final long seed;
  private final Preprocessing preprocessing;
  private final Head head;
  private final ExecutorService pool;
  private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
  private final int prefetch;
  private int nextBatch;
  private final int batches;

  private BatchPipeline(Builder b) {
    this.pictures = b.pictures;
    this.order = b.order != null ? b.order.clone() : identity(b.pictures.dataset().size());
    this.batchSize = b.batchSize;
    this.side = b.side;
    // Bilinear, not imgaug's default cubic: the network input needs no more, and a resize alone
    // (prediction, validation) then costs a sixth of the time.
    Augmenter resize = Resize.to(b.side, b.side, Interpolation.BILINEAR);
    this.transform = b.augmenter == null ? resize : Augmenters.sequential(resize, b.augmenter);
    this.seed = b.seed;
    this.preprocessing = b.preprocessing;
    this.head = b.head;
    this.prefetch = Math.max(1, b.prefetch);
    this.pool =
        Executors.newFixedThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, "imat-batches");
              t.setDaemon(true);
              return t;
            });
    this.batches = (order.length + batchSize - 1) / batchSize;
    fill();
  }

  /** A builder for a pipeline over {@code pictures}. */
  public static Builder builder(PictureSet pictures) {
    return new Builder(pictures);
  }

  /** Number of batches this pipeline yields. */
  public int batchCount() {
    return batches;
  }

  @Override
  public boolean hasNext() {
    return !inFlight.isEmpty();
  }

  @Override
  public Batch next() {
    if (inFlight.isEmpty()) {
      throw new NoSuchElementException();
    }
    Future<Batch> f = inFlight.poll();
    fill();
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading pictures", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("loading pictures failed: " + c, c);
    }
  }

  private void fill() {
    while (inFlight.size() < prefetch && nextBatch < batches) {
      int b = nextBatch++;
      inFlight.add(pool.submit(() -> build(b)));
    }
  }

  private Batch build(int b) {
    int from = b * batchSize;
    int to = Math.min(order.length, from + batchSize);
    var data = pictures.dataset();
    int plane = 3 * side * side;
    int tw = head == null ? 0 : head.targetWidth(data.taxonomy());
    int mw = head == null ? 0 : head.maskWidth(data.taxonomy());
    float[] pixels = new float[(to - from) * plane];
    float[] target = new float[(to - from) * tw];
    float[] mask = new float[(to - from) * mw];
    List<String> ids = new ArrayList<>(to - from);
    int[] indexes = new int[to - from];
    int rows = 0;
    int missing = 0;
    List<String> unreadable = new ArrayList<>();
    for (int k = from; k < to; k++) {
      int i = order[k];
      PictureReader.Outcome picture = PictureReader.read(pictures.path(i));
      if (!picture.ok()) {
        if (picture.missing()) {
          missing++;
        } else {
          unreadable.add(picture.problem());
        }
        continue;
      }
      Image img = transform.augment(picture.image(), seed, k);
      preprocessing.toChw(img, pixels, rows * plane);
      if (head != null) {
        head.encode(data, i, target, mask, rows);
      }
      ids.add(data.image(i).id());
      indexes[rows] = i;
      rows++;
    }
    return new Batch(
        rows == to - from ? pixels : Arrays.copyOf(pixels, rows * plane),
        Arrays.copyOf(target, rows * tw),
        Arrays.copyOf(mask, rows * mw),
        ImmutableList.copyOf(ids),
        Arrays.copyOf(indexes, rows),
        side,
        missing,
        ImmutableList.copyOf(unreadable));
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  @Override
  public void close() {
    inFlight.forEach(f -> f.cancel(true));
    inFlight.clear();
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a pipeline. */
  public static final class Builder {
    private final PictureSet pictures;
    private int[] order;
    private int batchSize = 16;
    private int side = 224;
    private Augmenter augmenter;
    private long seed;
    private Preprocessing preprocessing = Preprocessing.tf();
    private Head head;
    private int threads = 1;
    private int prefetch = 4;

    private Builder(PictureSet pictures) {
      this.pictures = pictures;
    }

    /** The order to visit images in (dataset indexes; default: dataset order). */
    public Builder order(int[] value) {
      this.order = value.clone();
      return this;
    }

    /** Pictures per batch (default 16). */
    public Builder batchSize(int value) {
      checkArgument(value >= 1, "batch size must be positive");
      this.batchSize = value;
      return this;
    }

    /** Side of the square network input (default 224). */
    public Builder side(int value) {
      checkArgument(value >= 8, "picture side %s too small", value);
      this.side = value;
      return this;
    }

    /** Augmentation after the resize; none by default (and for null). */
    public Builder augmenter(@Nullable Augmenter value) {
      this.augmenter = value;
      return this;
    }

    /** Augmentation seed (default 0). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Input normalisation (default Keras 'tf'). */
    public Builder preprocessing(Preprocessing value) {
      this.preprocessing = requireNonNull(value, "preprocessing");
      return this;
    }

    /** The head whose targets to encode; none (prediction only) by default and for null. */
    public Builder head(@Nullable Head value) {
      this.head = value;
      return this;
    }

    /** Worker threads (default 1). */
    public Builder threads(int value) {
      checkArgument(value >= 1, "need at least one loader thread");
      this.threads = value;
      return this;
    }

    /** Batches prepared ahead (default 4). */
    public Builder prefetch(int value) {
      this.prefetch = value;
      return this;
    }

    /** Starts the pipeline (workers begin loading at once). */
    public BatchPipeline build() {
      return new BatchPipeline(this);
    }
  }
}
