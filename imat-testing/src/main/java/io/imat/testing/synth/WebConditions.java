package io.imat.testing.synth;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How a {@link SyntheticServer} imitates the real web instead of answering at loopback speed: each
 * response waits a latency drawn from a range before its first byte, bodies flow no faster than a
 * bandwidth cap, a share of requests stall (no answer until the server's stall time has passed),
 * and the pictures are spread over several hosts (ports), a few of which are slower than the rest.
 *
 * <p>Every draw is a function of the seed, the request path and how often that path was asked for,
 * so two clients that fetch the same URLs against fresh servers meet exactly the same network: the
 * same latencies, the same stalled requests, the same slow hosts.
 *
 * <pre>{@code
 * WebConditions web = WebConditions.builder().latency(50, 300).bytesPerSecond(250_000)
 *     .stallShare(0.01).hosts(8).slowHosts(1).build();
 * SyntheticServer server = SyntheticServer.builder(dir).port(0).web(web).start();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class WebConditions {
  private final int minLatencyMillis;
  private final int maxLatencyMillis;
  private final long bytesPerSecond;
  private final double stallShare;
  private final int hosts;
  private final int slowHosts;
  private final double slowFactor;
  private final long seed;

  private WebConditions(Builder b) {
    this.minLatencyMillis = b.minLatencyMillis;
    this.maxLatencyMillis = b.maxLatencyMillis;
    this.bytesPerSecond = b.bytesPerSecond;
    this.stallShare = b.stallShare;
    this.hosts = b.hosts;
    this.slowHosts = b.slowHosts;
    this.slowFactor = b.slowFactor;
    this.seed = b.seed;
  }

  /**
   * A builder with the defaults: 50–300 ms latency, 250 kB/s per response, 1 % stalls, 8 hosts of
   * which 1 is 5× slower (latency × 5, bandwidth / 5), seed 1.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The fastest time to first byte, in milliseconds. */
  public int minLatencyMillis() {
    return minLatencyMillis;
  }

  /** The slowest time to first byte on a normal host, in milliseconds. */
  public int maxLatencyMillis() {
    return maxLatencyMillis;
  }

  /** The body rate of one response on a normal host, in bytes per second. */
  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** The share of requests that get no answer at all until the server's stall time has passed. */
  public double stallShare() {
    return stallShare;
  }

  /** How many hosts (ports) the pictures are spread over. */
  public int hosts() {
    return hosts;
  }

  /** How many of the hosts are slow: the first ones, by index. */
  public int slowHosts() {
    return slowHosts;
  }

  /** How much slower a slow host is: latency times, bandwidth divided by this factor. */
  public double slowFactor() {
    return slowFactor;
  }

  /** The seed of every draw. */
  public long seed() {
    return seed;
  }

  /** Whether host {@code host} (0-based) is one of the slow ones. */
  public boolean isSlow(int host) {
    return host < slowHosts;
  }

  /**
   * The host (0-based) that serves mirror {@code mirror} of image {@code imageId}: spread evenly,
   * and an image's mirrors on different hosts when there are enough hosts.
   */
  public int hostOf(String imageId, int mirror) {
    int h =
        Hashing.murmur3_32_fixed((int) seed).hashString(imageId, StandardCharsets.UTF_8).asInt();
    return Math.floorMod(h + mirror, hosts);
  }

  /** The time to first byte of the {@code hit}-th request for {@code path} on {@code host}. */
  public Duration latency(int host, String path, int hit) {
    double u = uniform(path, hit, 1);
    double ms = minLatencyMillis + u * (maxLatencyMillis - minLatencyMillis);
    return Duration.ofNanos(Math.round(ms * (isSlow(host) ? slowFactor : 1) * 1e6));
  }

  /** Whether the {@code hit}-th request for {@code path} stalls. */
  public boolean stalls(String path, int hit) {
    return uniform(path, hit, 2) < stallShare;
  }

  /** The body rate on {@code host}, in bytes per second. */
  public long bytesPerSecond(int host) {
    return isSlow(host) ? Math.max(1, Math.round(bytesPerSecond / slowFactor)) : bytesPerSecond;
  }

  /** A uniform number in [0, 1) that depends only on the seed, the request and the stream. */
  private double uniform(String path, int hit, int stream) {
    long h =
        Hashing.murmur3_128((int) seed)
            .newHasher()
            .putInt(stream)
            .putInt(hit)
            .putString(path, StandardCharsets.UTF_8)
            .hash()
            .asLong();
    return (h >>> 11) * 0x1.0p-53;
  }

  @Override
  public String toString() {
    return String.format(
        "%d-%d ms latency, %,d B/s, %.1f %% stalls, %d hosts (%d slow, x%.1f)",
        minLatencyMillis,
        maxLatencyMillis,
        bytesPerSecond,
        stallShare * 100,
        hosts,
        slowHosts,
        slowFactor);
  }

  /** Options of {@link WebConditions}. */
  public static final class Builder {
    private int minLatencyMillis = 50;
    private int maxLatencyMillis = 300;
    private long bytesPerSecond = 250_000;
    private double stallShare = 0.01;
    private int hosts = 8;
    private int slowHosts = 1;
    private double slowFactor = 5;
    private long seed = 1;

    private Builder() {}

    /** Time to first byte, uniform in [min, max] milliseconds (default 50–300). */
    public Builder latency(int minMillis, int maxMillis) {
      checkArgument(
          minMillis >= 0 && maxMillis >= minMillis,
          "latency range %s-%s ms must be 0 <= min <= max",
          minMillis,
          maxMillis);
      this.minLatencyMillis = minMillis;
      this.maxLatencyMillis = maxMillis;
      return this;
    }

    /** Body rate of one response, bytes per second (default 250,000). */
    public Builder bytesPerSecond(long value) {
      checkArgument(value >= 1, "bytesPerSecond must be positive, got %s", value);
      this.bytesPerSecond = value;
      return this;
    }

    /** Share of requests that stall (default 0.01). */
    public Builder stallShare(double value) {
      checkArgument(value >= 0 && value <= 1, "stallShare %s not in [0, 1]", value);
      this.stallShare = value;
      return this;
    }

    /** Hosts, each a port of its own (default 8). */
    public Builder hosts(int value) {
      checkArgument(value >= 1 && value <= 64, "hosts %s not in 1..64", value);
      this.hosts = value;
      return this;
    }

    /** Slow hosts among them (default 1). */
    public Builder slowHosts(int value) {
      checkArgument(value >= 0, "slowHosts must not be negative, got %s", value);
      this.slowHosts = value;
      return this;
    }

    /** How much slower the slow hosts are (default 5). */
    public Builder slowFactor(double value) {
      checkArgument(value >= 1, "slowFactor must be at least 1, got %s", value);
      this.slowFactor = value;
      return this;
    }

    /** Seed of every draw (default 1). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The conditions. */
    public WebConditions build() {
      checkArgument(slowHosts <= hosts, "slowHosts %s > hosts %s", slowHosts, hosts);
      return new WebConditions(this);
    }
  }
}
