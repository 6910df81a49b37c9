package io.imat.api.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.Fixtures;
import io.imat.api.io.InvalidDataException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaxonomyJsonTest {

  @Test
  void imaterialist2017RoundTripsThroughJsonText() throws InvalidDataException {
    Taxonomy t = Taxonomy.imaterialist2017();
    String text = TaxonomyJson.toJson(t).toString();
    assertThat(TaxonomyJson.fromJson(JsonParser.parseString(text), "x")).isEqualTo(t);
  }

  @Test
  void taxonomyWithEmptyListsRoundTrips() throws InvalidDataException {
    Taxonomy t = Fixtures.tiny().withTaskLabels(Map.of("2", List.of("7")));
    assertThat(TaxonomyJson.fromJson(TaxonomyJson.toJson(t), "x")).isEqualTo(t);
  }

  @Test
  void writesTheDocumentedCompactForm() {
    JsonObject o = TaxonomyJson.toJson(Fixtures.tiny());
    assertThat(o.getAsJsonArray("labels").get(0).toString()).isEqualTo("[\"1\",\"black\"]");
    assertThat(o.getAsJsonArray("tasks").get(1).toString())
        .isEqualTo("[\"2\",\"shoe:gender\",[\"6\",\"7\"]]");
  }

  @Test
  void invalidJsonIsAnInvalidDataExceptionNamingTheSource() {
    for (String bad :
        List.of(
            "[]",
            "{\"labels\":[[\"1\",\"a\"]]}",
            "{\"labels\":[[\"1\",\"a\"]],\"tasks\":[[\"1\",\"nocolon\",[]]]}",
            "{\"labels\":[[\"1\",\"a\"]],\"tasks\":[[\"1\",\"shoe:x\",[\"2\"]]]}")) {
      InvalidDataException e =
          catchThrowableOfType(
              InvalidDataException.class,
              () -> TaxonomyJson.fromJson(JsonParser.parseString(bad), "model.pred"));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.source()).isEqualTo("model.pred");
    }
  }
}
