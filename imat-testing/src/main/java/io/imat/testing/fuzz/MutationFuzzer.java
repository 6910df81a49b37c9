package io.imat.testing.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feeds a reader mutated copies of valid inputs and sorts what happens. The policy it checks is the
 * project's: a reader either accepts its input or throws an {@link IOException} (for bad content an
 * {@code InvalidDataException} naming file and field); it never throws anything else, never hangs
 * (each case has a time limit) and never allocates out of proportion to its input (each case's heap
 * allocation is measured on its thread).
 *
 * <p>Mutations, chosen by a seeded generator so that a finding replays from (seed, case): bit
 * flips, random bytes, 32-bit "interesting" integers (0, −1, 2<sup>31</sup>−1, −2<sup>31</sup>, in
 * both byte orders) written over the input — length fields hit by these are what makes readers
 * allocate gigabytes —, insertions of random bytes or of tokens from a dictionary (JSON and CSV
 * punctuation, huge numbers, deep nesting), deletions, duplicated ranges, truncation, splices of
 * two inputs, and whole-input rewrites (a UTF-8 BOM, UTF-16). One to four mutations per case.
 *
 * <pre>{@code
 * FuzzReport r = MutationFuzzer.builder().seed(1).cases(300).corpus(List.of(validBytes)).build()
 *     .run(bytes -> { Files.write(file, bytes); MyReader.read(file); });
 * assertThat(r.findings()).isEmpty();
 * }</pre>
 */
public final class MutationFuzzer {
  private static final int[] INTERESTING = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30};

  /** The default tokens: JSON, CSV and number syntax that readers tend to mishandle. */
  public static final List<String> TEXT_TOKENS =
      List.of(
          "\"",
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          "\n",
          "\r\n",
          "null",
          "true",
          "-1",
          "0",
          "1e309",
          "-1e309",
          "NaN",
          "99999999999999999999999999",
          "2147483648",
          "\"\"",
          "\\u0000",
          "\uFEFF",
          "\uD800",
          "[".repeat(5000),
          "{\"a\":".repeat(3000),
          "\"imageId\":\"1\",\"imageId\":\"2\"");

  private final long seed;
  private final int cases;
  private final List<byte[]> corpus;
  private final List<byte[]> tokens;
  private final long caseTimeoutMillis;
  private final long allocationAllowance;
  private final long allocationPerInputByte;

  private MutationFuzzer(Builder b) {
    if (b.corpus.isEmpty()) {
      throw new IllegalArgumentException("the corpus is empty");
    }
    this.seed = b.seed;
    this.cases = b.cases;
    this.corpus = List.copyOf(b.corpus);
    this.tokens = b.tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.caseTimeoutMillis = b.caseTimeoutMillis;
    this.allocationAllowance = b.allocationAllowance;
    this.allocationPerInputByte = b.allocationPerInputByte;
  }

  /** A builder: seed 1, 300 cases, the text tokens, 20 s per case, 64 MB + 64 bytes per byte. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reader under test. */
  @FunctionalInterface
  public interface Target {
    /** Reads {@code input}; may throw {@link IOException} for bad input. */
    void read(byte[] input) throws Exception;
  }

  /**
   * The number of cases from the system property {@code imat.fuzz.cases}, else {@code fallback}:
   * the build runs a few hundred, {@code mvn verify -Pfuzz} many more.
   */
  public static int casesFromSystemProperty(int fallback) {
    return Integer.getInteger("imat.fuzz.cases", fallback);
  }

  /** Runs every case and returns what happened. */
  public FuzzReport run(Target target) {
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "imat-fuzz");
              t.setDaemon(true);
              return t;
            });
    try {
      return run(target, worker);
    } finally {
      worker.shutdownNow();
    }
  }

  private FuzzReport run(Target target, ExecutorService worker) {
    int accepted = 0;
    int rejected = 0;
    Map<String, Integer> rejections = new TreeMap<>();
    List<FuzzReport.Finding> findings = new ArrayList<>();
    for (int c = 0; c < cases; c++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
      byte[] input = mutate(random);
      Future<Outcome> f = worker.submit(() -> attempt(target, input));
      Outcome o;
      try {
        o = f.get(caseTimeoutMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        findings.add(
            new FuzzReport.Finding(c, input, "hang: no result after " + caseTimeoutMillis + " ms"));
        // The stuck thread cannot be stopped: leave it and go on with a new one.
        worker.shutdownNow();
        worker =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "imat-fuzz");
                  t.setDaemon(true);
                  return t;
                });
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        o = new Outcome(e.getCause(), 0);
      }
      long allowed = allocationAllowance + allocationPerInputByte * input.length;
      if (o.thrown == null) {
        accepted++;
      } else if (o.thrown instanceof IOException) {
        rejected++;
        rejections.merge(o.thrown.getClass().getSimpleName(), 1, Integer::sum);
      } else {
        findings.add(new FuzzReport.Finding(c, input, describe(o.thrown)));
        continue;
      }
      if (o.allocated > allowed) {
        findings.add(
            new FuzzReport.Finding(
                c,
                input,
                String.format(
                    "allocated %d MB for %d input bytes", o.allocated >> 20, input.length)));
      }
    }
    return new FuzzReport(seed, cases, accepted, rejected, rejections, findings);
  }

  private record Outcome(Throwable thrown, long allocated) {}

  private static Outcome attempt(Target target, byte[] input) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    Throwable thrown = null;
    try {
      target.read(input);
    } catch (Throwable t) { // every throwable is an outcome to sort, errors included
      thrown = t;
    }
    return new Outcome(thrown, mx.getCurrentThreadAllocatedBytes() - before);
  }

  private static String describe(Throwable t) {
    StackTraceElement[] at = t.getStackTrace();
    return t.getClass().getName()
        + ": "
        + Objects.toString(t.getMessage(), "")
        + (at.length > 0 ? " at " + at[0] : "");
  }

  /** One case's input: a corpus entry with one to four mutations. */
  byte[] mutate(SplittableRandom random) {
    byte[] b = corpus.get(random.nextInt(corpus.size())).clone();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      b = mutateOnce(b, random);
    }
    return b;
  }

  private byte[] mutateOnce(byte[] b, SplittableRandom r) {
    int len = b.length;
    switch (r.nextInt(11)) {
      case 0 -> {
        if (len > 0) {
          b[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        if (len > 0) {
          b[r.nextInt(len)] = (byte) r.nextInt(256);
        }
        return b;
      }
      case 2 -> {
        if (len >= 4) {
          int v = INTERESTING[r.nextInt(INTERESTING.length)];
          int at = r.nextInt(len - 3);
          boolean big = r.nextBoolean();
          for (int k = 0; k < 4; k++) {
            b[at + k] = (byte) (v >>> (big ? 24 - 8 * k : 8 * k));
          }
        }
        return b;
      }
      case 3 -> {
        byte[] ins = new byte[1 + r.nextInt(16)];
        for (int k = 0; k < ins.length; k++) {
          ins[k] = (byte) r.nextInt(256);
        }
        return insert(b, r.nextInt(len + 1), ins);
      }
      case 4, 5 -> {
        return insert(b, r.nextInt(len + 1), tokens.get(r.nextInt(tokens.size())));
      }
      case 6 -> {
        if (len == 0) {
          return b;
        }
        int from = r.nextInt(len);
        int to = Math.min(len, from + 1 + r.nextInt(Math.max(1, len / 8)));
        byte[] out = new byte[len - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, len - to);
        return out;
      }
      case 7 -> {
        if (len == 0) {
          return b;
        }
        int from = r.nextInt(len);
        int to = Math.min(len, from + 1 + r.nextInt(Math.max(1, Math.min(len, 4096))));
        return insert(b, r.nextInt(len + 1), Arrays.copyOfRange(b, from, to));
      }
      case 8 -> {
        return Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
      }
      case 9 -> {
        byte[] other = corpus.get(r.nextInt(corpus.size()));
        int cut = r.nextInt(len + 1);
        int from = other.length == 0 ? 0 : r.nextInt(other.length);
        byte[] out = Arrays.copyOf(b, cut + other.length - from);
        System.arraycopy(other, from, out, cut, other.length - from);
        return out;
      }
      default -> {
        return r.nextBoolean()
            ? insert(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
            : new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
      }
    }
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    byte[] out = new byte[b.length + ins.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(ins, 0, out, at, ins.length);
    System.arraycopy(b, at, out, at + ins.length, b.length - at);
    return out;
  }

  /** Builds a {@link MutationFuzzer}. */
  public static final class Builder {
    private long seed = 1;
    private int cases = 300;
    private List<byte[]> corpus = List.of();
    private List<String> tokens = TEXT_TOKENS;
    private long caseTimeoutMillis = 20_000;
    private long allocationAllowance = 64L << 20;
    private long allocationPerInputByte = 64;

    private Builder() {}

    /** The seed; a case replays from (seed, case index). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** How many cases to run. */
    public Builder cases(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("negative case count");
      }
      this.cases = value;
      return this;
    }

    /** The valid inputs that mutations start from (at least one). */
    public Builder corpus(List<byte[]> value) {
      this.corpus = List.copyOf(value);
      return this;
    }

    /** Tokens inserted by the dictionary mutation (default {@link #TEXT_TOKENS}). */
    public Builder tokens(List<String> value) {
      this.tokens = List.copyOf(value);
      return this;
    }

    /** The time after which a case counts as a hang. */
    public Builder caseTimeoutMillis(long value) {
      this.caseTimeoutMillis = value;
      return this;
    }

    /**
     * The heap a case may allocate: {@code fixed} bytes plus {@code perInputByte} per byte of its
     * input (readers build objects from their input, so some proportion is expected).
     */
    public Builder allocationLimit(long fixed, long perInputByte) {
      this.allocationAllowance = fixed;
      this.allocationPerInputByte = perInputByte;
      return this;
    }

    /** The fuzzer. */
    public MutationFuzzer build() {
      return new MutationFuzzer(this);
    }
  }
}
