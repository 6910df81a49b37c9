package io.imat.models.train;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The instruction-set flags of this machine's CPU, as Linux lists them in {@code /proc/cpuinfo}
 * ({@code avx512_bf16}, {@code amx_bf16}, …), and its model name. Elsewhere, or when the file
 * cannot be read, no flag is known.
 */
public final class CpuFeatures {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  private final ImmutableSet<String> flags;
  private final String model;

  private CpuFeatures(ImmutableSet<String> flags, String model) {
    this.flags = flags;
    this.model = model;
  }

  /** This machine's: read from {@code /proc/cpuinfo} on every call (cheap; nothing cached). */
  public static CpuFeatures current() {
    return read(CPUINFO);
  }

  /** Read from a cpuinfo file; none known when it is missing or unreadable. */
  public static CpuFeatures read(Path cpuinfo) {
    try {
      return parse(Files.readString(cpuinfo, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return new CpuFeatures(ImmutableSet.of(), "unknown CPU (" + cpuinfo + " unreadable)");
    }
  }

  /** Parses the text of a {@code /proc/cpuinfo}: the first processor's "flags" and "model name". */
  public static CpuFeatures parse(String cpuinfo) {
    ImmutableSet<String> flags = null;
    String model = null;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (flags == null && (key.equals("flags") || key.equals("features"))) {
        flags = ImmutableSet.copyOf(Splitter.on(' ').omitEmptyStrings().split(value));
      } else if (model == null && key.equals("model name")) {
        model = value;
      }
    }
    return new CpuFeatures(
        flags == null ? ImmutableSet.of() : flags, model == null ? "unknown CPU" : model);
  }

  /** Whether the CPU lists {@code flag}. */
  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /** The CPU's model name, or "unknown CPU". */
  public String model() {
    return model;
  }

  @Override
  public String toString() {
    return model + " (" + flags.size() + " flags)";
  }
}
