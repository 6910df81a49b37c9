package io.imat.api.taxonomy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.imat.api.io.InvalidDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact JSON form of a taxonomy, embedded in prediction files and model configurations so they
 * are self-describing: {@code
 * {"labels":[["1","men"],…],"tasks":[["1","shoe:gender",["1","4"]],…]}}.
 */
public final class TaxonomyJson {
  private TaxonomyJson() {}

  /** The JSON form of {@code taxonomy}. */
  public static JsonObject toJson(Taxonomy taxonomy) {
    JsonArray labels = new JsonArray();
    for (Label l : taxonomy.labels()) {
      JsonArray a = new JsonArray();
      a.add(l.id());
      a.add(l.name());
      labels.add(a);
    }
    JsonArray tasks = new JsonArray();
    for (Task t : taxonomy.tasks()) {
      JsonArray a = new JsonArray();
      a.add(t.id());
      a.add(t.name());
      JsonArray ids = new JsonArray();
      t.labels().forEach(l -> ids.add(l.id()));
      a.add(ids);
      tasks.add(a);
    }
    JsonObject o = new JsonObject();
    o.add("labels", labels);
    o.add("tasks", tasks);
    return o;
  }

  /**
   * Reads the JSON form.
   *
   * @param source names the file in error messages
   * @throws InvalidDataException when the element is not a taxonomy
   */
  public static Taxonomy fromJson(JsonElement json, String source) throws InvalidDataException {
    try {
      JsonObject o = json.getAsJsonObject();
      Taxonomy.Builder b = Taxonomy.builder();
      for (JsonElement e : o.getAsJsonArray("labels")) {
        JsonArray a = e.getAsJsonArray();
        b.addLabel(a.get(0).getAsString(), a.get(1).getAsString());
      }
      for (JsonElement e : o.getAsJsonArray("tasks")) {
        JsonArray a = e.getAsJsonArray();
        List<String> ids = new ArrayList<>();
        a.get(2).getAsJsonArray().forEach(x -> ids.add(x.getAsString()));
        b.addTask(a.get(0).getAsString(), a.get(1).getAsString(), ids);
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new InvalidDataException(
          source, "taxonomy", "not a valid taxonomy: " + InvalidDataException.reason(e), e);
    }
  }
}
