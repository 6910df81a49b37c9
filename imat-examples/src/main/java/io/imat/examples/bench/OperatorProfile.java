package io.imat.examples.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Self time per PyTorch operator, from the Chrome trace that PyTorch's profiler writes (DJL's
 * {@code JniUtils.stopProfile}): the same measure as Python's {@code
 * profiler.key_averages().self_cpu_time_total}, so the two sides of {@code imat bench train
 * --profile} compare operator by operator. An operator's self time is its duration minus that of
 * the operators it called (nested intervals on its thread).
 */
public final class OperatorProfile {
  private final Map<String, double[]> ops; // name -> {self seconds, calls}, per step

  private OperatorProfile(Map<String, double[]> ops) {
    this.ops = ops;
  }

  /** Reads a Chrome trace (a JSON array of complete events, or {"traceEvents": [...]}) of steps. */
  public static OperatorProfile readTrace(Path trace, int steps) throws IOException {
    JsonElement root;
    try (Reader r = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(r);
    }
    JsonArray events =
        root.isJsonArray()
            ? root.getAsJsonArray()
            : root.getAsJsonObject().getAsJsonArray("traceEvents");
    Map<String, List<double[]>> byThread = new LinkedHashMap<>(); // {start, end, index}
    List<String> names = new ArrayList<>();
    for (JsonElement e : events) {
      JsonObject o = e.getAsJsonObject();
      if (!o.has("dur") || !"X".equals(o.get("ph").getAsString())) {
        continue;
      }
      double ts = o.get("ts").getAsDouble();
      double dur = o.get("dur").getAsDouble();
      String tid = o.has("tid") ? o.get("tid").getAsString() : "";
      byThread
          .computeIfAbsent(tid, k -> new ArrayList<>())
          .add(new double[] {ts, ts + dur, names.size()});
      names.add(o.get("name").getAsString());
    }
    Map<String, double[]> ops = new LinkedHashMap<>();
    for (List<double[]> intervals : byThread.values()) {
      // Parents first: earlier start, and for equal starts the longer one.
      intervals.sort(
          Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> -a[1]));
      double[] self = new double[intervals.size()];
      Deque<Integer> open = new ArrayDeque<>();
      for (int i = 0; i < intervals.size(); i++) {
        double[] iv = intervals.get(i);
        while (!open.isEmpty() && intervals.get(open.peek())[1] <= iv[0]) {
          open.pop();
        }
        self[i] = iv[1] - iv[0];
        if (!open.isEmpty()) {
          self[open.peek()] -= iv[1] - iv[0];
        }
        open.push(i);
      }
      for (int i = 0; i < intervals.size(); i++) {
        String name = names.get((int) intervals.get(i)[2]);
        double[] acc = ops.computeIfAbsent(name, k -> new double[2]);
        acc[0] += self[i];
        acc[1]++;
      }
    }
    // Totals first, then per step: exact call counts (60 calls over 3 steps are 20.0).
    for (double[] acc : ops.values()) {
      acc[0] = acc[0] / 1e6 / steps;
      acc[1] = acc[1] / steps;
    }
    return new OperatorProfile(ops);
  }

  /** Reads the {@code "ops"} object of the Python reference: name → {selfSeconds, calls}. */
  public static OperatorProfile fromJson(JsonObject ops) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : ops.entrySet()) {
      JsonObject o = e.getValue().getAsJsonObject();
      m.put(
          e.getKey(),
          new double[] {o.get("selfSeconds").getAsDouble(), o.get("calls").getAsDouble()});
    }
    return new OperatorProfile(m);
  }

  /** Self seconds per step of {@code op}; 0 if it never ran. */
  public double selfSeconds(String op) {
    double[] v = ops.get(op);
    return v == null ? 0 : v[0];
  }

  /** Calls per step of {@code op}; 0 if it never ran. */
  public double calls(String op) {
    double[] v = ops.get(op);
    return v == null ? 0 : v[1];
  }

  /** Self seconds per step of all operators. */
  public double totalSeconds() {
    return ops.values().stream().mapToDouble(v -> v[0]).sum();
  }

  /** The operators, by self time, largest first. */
  public List<String> byTime() {
    List<String> names = new ArrayList<>(ops.keySet());
    names.sort(Comparator.comparingDouble(this::selfSeconds).reversed());
    return names;
  }

  /** As JSON: name → {selfSeconds, calls}. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    for (Map.Entry<String, double[]> e : ops.entrySet()) {
      JsonObject v = new JsonObject();
      v.addProperty("selfSeconds", e.getValue()[0]);
      v.addProperty("calls", e.getValue()[1]);
      o.add(e.getKey(), v);
    }
    return o;
  }
}
