package io.imat.examples.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.examples.bench.Medians;
import io.imat.examples.bench.SharedMachineBenchmark;
import io.imat.examples.bench.SharedMachineBenchmark.Competitor;
import io.imat.examples.bench.SharedMachineBenchmark.Setting;
import io.imat.examples.bench.SharedMachineBenchmark.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench shared}: the training step on a machine shared with a CPU-bound process, for
 * each combination of PyTorch threads, inter-op threads and OpenMP wait policy.
 */
@Command(
    name = "shared",
    mixinStandardHelpOptions = true,
    description = {
      "Time the training step (as 'bench train') while a competing process spins on --busy"
          + " cores, and without it, for every combination of --threads, --interop and"
          + " --wait-policy; each combination runs in its own JVM (OpenMP reads its environment"
          + " when the natives load). Reports the median step time over --rounds runs, each the"
          + " median of --steps steps; rounds alternate the settings so machine noise hits all"
          + " alike."
    })
final class SharedBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--backbone",
      defaultValue = "resnet18",
      paramLabel = "NAME",
      description = "Backbone (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(
      names = "--size",
      defaultValue = "48",
      paramLabel = "PX",
      description = "Input side (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--batch",
      defaultValue = "16",
      paramLabel = "N",
      description = "Batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--steps",
      defaultValue = "8",
      paramLabel = "N",
      description = "Timed steps per run (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      paramLabel = "R",
      description = "Runs per setting (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--threads",
      defaultValue = "1,2",
      split = ",",
      paramLabel = "N",
      description = "PyTorch thread counts (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(
      names = "--interop",
      defaultValue = "0,1",
      split = ",",
      paramLabel = "N",
      description = "Inter-op thread counts, 0 = the engine's default (default: ${DEFAULT-VALUE}).")
  List<Integer> interop;

  @Option(
      names = "--wait-policy",
      defaultValue = "unset,imat",
      split = ",",
      paramLabel = "P",
      description =
          "OMP_WAIT_POLICY values: unset = none (OpenMP spins), imat = unset and imat's default"
              + " applied before PyTorch loads, or a value such as PASSIVE (default:"
              + " ${DEFAULT-VALUE}).")
  List<String> policies;

  @Option(
      names = "--busy",
      defaultValue = "0,1",
      split = ",",
      paramLabel = "CORES",
      description =
          "Cores the competing process spins on, 0 = an idle machine (default: ${DEFAULT-VALUE}).")
  List<Integer> busy;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.human();
    Workload w = new Workload(backbone, size, batch, 2, steps);
    List<Setting> settings = new ArrayList<>();
    for (int t : threads) {
      for (int i : interop) {
        for (String p : policies) {
          settings.add(new Setting(t, i, p.equalsIgnoreCase("unset") ? null : p));
        }
      }
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int cores : busy) {
        try (Competitor c = Competitor.start(cores)) {
          for (Setting s : settings) {
            double t = SharedMachineBenchmark.measure(s, w);
            seconds.computeIfAbsent(key(cores, s), k -> new ArrayList<>()).add(t);
            common.err().printf("round %d, busy %d, %s: %.3f s/step%n", r + 1, cores, s.label(), t);
            common.err().flush();
          }
        }
      }
    }
    out.printf(
        "%s %dpx batch %d, median s/step over %d runs (busy = cores a competing process spins"
            + " on):%n",
        backbone, size, batch, rounds);
    JsonArray rows = new JsonArray();
    for (Setting s : settings) {
      StringBuilder line = new StringBuilder(String.format("  %-52s", s.label()));
      for (int cores : busy) {
        double m = Medians.of(seconds.get(key(cores, s)));
        line.append(String.format("  busy %d: %7.3f", cores, m));
        JsonObject row = new JsonObject();
        row.addProperty("threads", s.threads());
        row.addProperty("interopThreads", s.interopThreads());
        row.addProperty("waitPolicy", s.waitPolicy() == null ? "unset" : s.waitPolicy());
        row.addProperty("busyCores", cores);
        row.addProperty("medianStepSeconds", m);
        JsonArray all = new JsonArray();
        seconds.get(key(cores, s)).forEach(all::add);
        row.add("runs", all);
        rows.add(row);
      }
      out.println(line);
    }
    out.flush();
    JsonObject json = new JsonObject();
    json.addProperty("backbone", backbone);
    json.addProperty("size", size);
    json.addProperty("batch", batch);
    json.add("results", rows);
    common.printJson(json);
    return 0;
  }

  private static String key(int cores, Setting s) {
    return cores + "|" + s;
  }
}
