package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imat bench train} on a tiny network: both precisions timed, the step profiled by phase and
 * by PyTorch operator; and {@code --precision} refusing what it does not know.
 */
class TrainBenchCliTest {
  private static final String[] TINY = {
    "--backbone",
    "resnet18",
    "--size",
    "32",
    "--batch",
    "4",
    "--steps",
    "2",
    "--threads",
    "1",
    "--no-pipeline",
    "--no-reference",
    "--json"
  };

  @Test
  void timesFp32AndBf16() {
    CliRun r = CliRun.of(args("bench", "train", "--precision", "fp32,bf16"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonArray rows = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("results");
    List<String> precisions = new ArrayList<>();
    for (JsonElement e : rows) {
      JsonObject row = e.getAsJsonObject();
      assertThat(row.get("imagesPerSecond").getAsDouble()).isPositive();
      precisions.add(row.get("precision").getAsString());
    }
    assertThat(precisions).containsExactly("fp32", "bf16");
  }

  @Test
  void profilesTheStepByPhaseAndOperator() {
    CliRun r = CliRun.of(args("bench", "train", "--profile"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject row =
        JsonParser.parseString(r.out())
            .getAsJsonObject()
            .getAsJsonArray("results")
            .get(0)
            .getAsJsonObject();
    JsonObject phases = row.getAsJsonObject("phases");
    assertThat(phases.keySet())
        .containsExactly("input", "forward", "loss", "backward", "optimizer");
    assertThat(phases.getAsJsonObject("backward").get("imatSeconds").getAsDouble()).isPositive();
    JsonObject ops = row.getAsJsonObject("operators");
    // The profiler saw the network's convolutions, forward and backward, 20 of each per step.
    assertThat(ops.getAsJsonObject("aten::convolution_backward").get("calls").getAsDouble())
        .isEqualTo(20.0);
    assertThat(ops.getAsJsonObject("aten::convolution_backward").get("selfSeconds").getAsDouble())
        .isPositive();
  }

  @Test
  void anUnknownPrecisionIsAUsageError(@TempDir Path dir) {
    CliRun bench = CliRun.of(args("bench", "train", "--precision", "fp16"));
    assertThat(bench.exitCode()).isEqualTo(2);
    assertThat(bench.err()).contains("fp16").contains("fp32 or bf16");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            dir.resolve("none.json").toString(),
            "--images",
            dir.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--precision",
            "fp16");
    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err()).contains("fp16");
  }

  private static String[] args(String... first) {
    String[] all = new String[first.length + TINY.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(TINY, 0, all, first.length, TINY.length);
    return all;
  }
}
