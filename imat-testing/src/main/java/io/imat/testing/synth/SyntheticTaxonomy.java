package io.imat.testing.synth;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of the real iMaterialist 2017 taxonomy that synthetic pictures can show: colour,
 * pattern, length, gender and age of the four apparels, with the real task and label ids. Each
 * visual attribute value (a canonical value such as {@code grey}) maps to the task's labels that
 * name it; where the real taxonomy has synonyms ({@code grey}/{@code gray}, {@code navy}/{@code
 * navy blue}, {@code plaid}/{@code checkered}), all of them are correct — the multi-label ground
 * truth of the real data.
 */
public final class SyntheticTaxonomy {
  /** The attributes drawn, in the order tasks appear per apparel. */
  static final ImmutableList<String> ATTRIBUTES =
      ImmutableList.of("color", "pattern", "length", "gender", "age");

  /** Canonical value → the label names that express it, in preference order. */
  static final ImmutableMap<String, ImmutableList<String>> SYNONYMS =
      ImmutableMap.<String, ImmutableList<String>>builder()
          .put("grey", ImmutableList.of("grey", "gray"))
          .put("navy", ImmutableList.of("navy", "navy blue"))
          .put("solid", ImmutableList.of("solid", "plain"))
          .put("striped", ImmutableList.of("striped", "stripe"))
          .put("dots", ImmutableList.of("polka dot", "dot"))
          .put("plaid", ImmutableList.of("plaid", "checkered", "check"))
          .put("floral", ImmutableList.of("floral", "flower"))
          .put("camo", ImmutableList.of("camouflage", "camo"))
          .put("maxi", ImmutableList.of("maxi", "floor length"))
          .put("full", ImmutableList.of("full", "long"))
          .buildOrThrow();

  /** Canonical values per attribute, per apparel where they differ. */
  static final ImmutableList<String> COLOURS =
      ImmutableList.of(
          "black", "white", "blue", "red", "grey", "navy", "pink", "brown", "beige", "green",
          "khaki", "yellow", "purple");

  static final ImmutableList<String> PATTERNS =
      ImmutableList.of("solid", "striped", "dots", "plaid", "floral", "leopard", "camo");

  static final ImmutableMap<Apparel, ImmutableList<String>> LENGTHS =
      ImmutableMap.of(
          Apparel.DRESS, ImmutableList.of("mini", "knee", "midi", "maxi"),
          Apparel.PANTS, ImmutableList.of("capris", "ankle", "full"),
          Apparel.OUTERWEAR, ImmutableList.of("short", "long"));

  static final ImmutableList<String> GENDERS = ImmutableList.of("men", "women");
  static final ImmutableList<String> AGES = ImmutableList.of("adult", "kids", "baby");

  private final Taxonomy taxonomy;
  // task id -> canonical value -> labels (empty when the task cannot express the value)
  private final ImmutableMap<String, ImmutableMap<String, ImmutableList<Label>>> labelsOf;

  private SyntheticTaxonomy(
      Taxonomy taxonomy, ImmutableMap<String, ImmutableMap<String, ImmutableList<Label>>> map) {
    this.taxonomy = taxonomy;
    this.labelsOf = map;
  }

  /** The synthetic subset of {@link Taxonomy#imaterialist2017()}. */
  public static SyntheticTaxonomy create() {
    Taxonomy real = Taxonomy.imaterialist2017();
    Map<String, Map<String, List<String>>> chosen = new LinkedHashMap<>();
    Set<String> labelIds = new LinkedHashSet<>();
    for (Task task : real.tasks()) {
      if (!ATTRIBUTES.contains(task.attribute())) {
        continue;
      }
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (String value : values(task.apparel(), task.attribute())) {
        List<String> ids = new ArrayList<>();
        for (String name : SYNONYMS.getOrDefault(value, ImmutableList.of(value))) {
          findLabel(task, name).ifPresent(l -> ids.add(l.id()));
        }
        if (!ids.isEmpty()) {
          values.put(value, ids);
          labelIds.addAll(ids);
        }
      }
      if (!values.isEmpty()) {
        chosen.put(task.id(), values);
      }
    }
    Taxonomy.Builder b = Taxonomy.builder();
    for (Label l : real.labels()) {
      if (labelIds.contains(l.id())) {
        b.addLabel(l.id(), l.name());
      }
    }
    for (Map.Entry<String, Map<String, List<String>>> e : chosen.entrySet()) {
      Set<String> ids = new LinkedHashSet<>();
      e.getValue().values().forEach(ids::addAll);
      b.addTask(e.getKey(), real.task(e.getKey()).name(), List.copyOf(ids));
    }
    Taxonomy t = b.build();
    ImmutableMap.Builder<String, ImmutableMap<String, ImmutableList<Label>>> map =
        ImmutableMap.builder();
    for (Map.Entry<String, Map<String, List<String>>> e : chosen.entrySet()) {
      ImmutableMap.Builder<String, ImmutableList<Label>> values = ImmutableMap.builder();
      e.getValue()
          .forEach(
              (value, ids) ->
                  values.put(
                      value, ids.stream().map(t::label).collect(ImmutableList.toImmutableList())));
      map.put(e.getKey(), values.buildOrThrow());
    }
    return new SyntheticTaxonomy(t, map.buildOrThrow());
  }

  /** The taxonomy (18 tasks of the real one, with real ids). */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** The task {@code apparel:attribute}, if the synthetic taxonomy has it. */
  public Optional<Task> task(Apparel apparel, String attribute) {
    return taxonomy.tasks().stream()
        .filter(t -> t.apparel().equals(apparel) && t.attribute().equals(attribute))
        .findFirst();
  }

  /** The labels that are correct for {@code task} when the picture shows {@code value}. */
  public ImmutableList<Label> labels(Task task, String value) {
    ImmutableMap<String, ImmutableList<Label>> m = labelsOf.get(task.id());
    if (m == null) {
      return ImmutableList.of();
    }
    return m.getOrDefault(value, ImmutableList.of());
  }

  /** The canonical values {@code task} can express, in a fixed order. */
  public ImmutableList<String> values(Task task) {
    ImmutableMap<String, ImmutableList<Label>> m = labelsOf.get(task.id());
    return m == null ? ImmutableList.of() : m.keySet().asList();
  }

  private static List<String> values(Apparel apparel, String attribute) {
    return switch (attribute) {
      case "color" -> COLOURS;
      case "pattern" -> PATTERNS;
      case "length" -> LENGTHS.getOrDefault(apparel, ImmutableList.of());
      case "gender" -> GENDERS;
      case "age" -> AGES;
      default -> List.of();
    };
  }

  private static Optional<Label> findLabel(Task task, String name) {
    return task.labels().stream().filter(l -> l.name().equals(name)).findFirst();
  }
}
