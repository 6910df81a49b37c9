package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.metrics.ErrorReport;

/** JSON forms of metric results, shared by the commands that print them. */
final class Reports {
  private Reports() {}

  /**
   * {@code {"score":…, "pairs":…, "errors":…, "perTask":{taskId: error}, "perApparel":{apparel:
   * error}, "fromPrior":…, "missing":…}}.
   */
  static JsonObject toJson(ErrorReport r) {
    JsonObject o = new JsonObject();
    o.addProperty("score", r.score());
    o.addProperty("pairs", r.pairs());
    o.addProperty("errors", r.overall().errors());
    JsonObject perTask = new JsonObject();
    r.perTask().forEach((t, c) -> perTask.addProperty(t.id(), c.error()));
    o.add("perTask", perTask);
    JsonObject perApparel = new JsonObject();
    r.perApparel().forEach((a, c) -> perApparel.addProperty(a.name(), c.error()));
    o.add("perApparel", perApparel);
    o.addProperty("fromPrior", r.fromPrior());
    o.addProperty("missing", r.missing());
    return o;
  }
}
