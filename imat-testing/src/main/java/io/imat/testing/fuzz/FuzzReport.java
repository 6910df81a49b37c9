package io.imat.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a {@link MutationFuzzer} run found: how many cases the reader accepted, how many it rejected
 * with an {@code IOException} (by exception type), and the findings — anything else.
 *
 * @param seed the run's seed
 * @param cases cases run
 * @param accepted cases read without an exception
 * @param rejected cases rejected with an {@code IOException}
 * @param rejections rejected cases per exception type
 * @param findings every case that broke the policy
 */
public record FuzzReport(
    long seed,
    int cases,
    int accepted,
    int rejected,
    Map<String, Integer> rejections,
    List<Finding> findings) {

  /** Copies the collections. */
  public FuzzReport {
    rejections = Map.copyOf(rejections);
    findings = List.copyOf(findings);
  }

  /**
   * One case that broke the policy.
   *
   * @param index the case (replays with the same seed)
   * @param input the bytes given to the reader
   * @param what what happened
   */
  public record Finding(int index, byte[] input, String what) {
    @Override
    public String toString() {
      String head = new String(input, 0, Math.min(input.length, 80), StandardCharsets.ISO_8859_1);
      return "case "
          + index
          + ": "
          + what
          + " (input "
          + input.length
          + " bytes: "
          + head.replaceAll("[^\\x20-\\x7e]", ".")
          + "…)";
    }
  }

  /** One line: cases, accepted, rejected (by type), findings. */
  public String summary() {
    return String.format(
        "seed %d: %d cases, %d accepted, %d rejected %s, %d findings%s",
        seed,
        cases,
        accepted,
        rejected,
        rejections,
        findings.size(),
        findings.isEmpty() ? "" : ": " + findings.subList(0, Math.min(5, findings.size())));
  }
}
