package io.imat.api.taxonomy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The label space of a fine-grained attribute challenge: apparels, tasks ({@code apparel:attribute}
 * questions), labels (shared between tasks) and which labels answer which task.
 *
 * <p>{@link #imaterialist2017()} is the real iMaterialist 2017 taxonomy (45 tasks, 381 labels, 576
 * task–label pairs). Instances are immutable.
 */
public final class Taxonomy {
  private final ImmutableList<Task> tasks;
  private final ImmutableList<Label> labels;
  private final ImmutableMap<String, Task> tasksById;
  private final ImmutableMap<String, Label> labelsById;
  private final ImmutableList<Apparel> apparels;
  private final BitSet validPairs;

  private Taxonomy(ImmutableList<Task> tasks, ImmutableList<Label> labels) {
    this.tasks = tasks;
    this.labels = labels;
    this.tasksById = tasks.stream().collect(ImmutableMap.toImmutableMap(Task::id, t -> t));
    this.labelsById = labels.stream().collect(ImmutableMap.toImmutableMap(Label::id, l -> l));
    this.apparels =
        tasks.stream()
            .map(Task::apparel)
            .collect(ImmutableSortedSet.toImmutableSortedSet(Apparel::compareTo))
            .asList();
    this.validPairs = new BitSet(tasks.size() * labels.size());
    for (Task t : tasks) {
      for (Label l : t.labels()) {
        validPairs.set(t.index() * labels.size() + l.index());
      }
    }
  }

  /** The real iMaterialist 2017 (FGVC4) taxonomy, from the files bundled with imat. */
  public static Taxonomy imaterialist2017() {
    return TaxonomyFiles.bundled2017();
  }

  /**
   * Loads a taxonomy from {@code fgvc4_iMat.task_map.json} and {@code fgvc4_iMat.label_map.json}
   * style files, without task–label lists (see {@link #withTaskLabels}).
   */
  public static Taxonomy load(Path taskMap, Path labelMap) throws IOException {
    return TaxonomyFiles.load(taskMap, labelMap, null);
  }

  /**
   * Loads a taxonomy from task map, label map and a {@code task_labels.txt} file (one line per
   * task: {@code taskId labelId labelId ...}).
   */
  public static Taxonomy load(Path taskMap, Path labelMap, Path taskLabels) throws IOException {
    return TaxonomyFiles.load(taskMap, labelMap, taskLabels);
  }

  /**
   * Loads the taxonomy files from a directory in the iMaterialist layout: {@code
   * fgvc4_iMat.task_map.json}, {@code fgvc4_iMat.label_map.json} and, when present, {@code
   * task_labels.txt}.
   */
  public static Taxonomy loadDirectory(Path dir) throws IOException {
    return TaxonomyFiles.loadDirectory(dir);
  }

  /** Writes this taxonomy to {@code dir} in the layout {@link #loadDirectory} reads. */
  public void writeDirectory(Path dir) throws IOException {
    TaxonomyFiles.writeDirectory(this, dir);
  }

  /** A builder for taxonomies defined in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** All tasks, in definition order ({@link Task#index()}). */
  public ImmutableList<Task> tasks() {
    return tasks;
  }

  /** All labels, in definition order ({@link Label#index()}). */
  public ImmutableList<Label> labels() {
    return labels;
  }

  /** The apparels that have tasks, sorted by name. */
  public ImmutableList<Apparel> apparels() {
    return apparels;
  }

  /** The tasks about {@code apparel}, in task order. */
  public ImmutableList<Task> tasks(Apparel apparel) {
    return tasks.stream()
        .filter(t -> t.apparel().equals(apparel))
        .collect(ImmutableList.toImmutableList());
  }

  /** Number of tasks. */
  public int taskCount() {
    return tasks.size();
  }

  /** Number of labels. */
  public int labelCount() {
    return labels.size();
  }

  /** Number of (task, label) pairs that are valid answers. */
  public int pairCount() {
    return validPairs.cardinality();
  }

  /**
   * Whether {@code other} has the same maps: the same tasks (ids and names) and labels (ids and
   * names) in the same order, whatever their task–label lists. True for the official {@code
   * fgvc4_iMat.task_map.json} / {@code label_map.json} against {@link #imaterialist2017()}.
   */
  public boolean hasSameMaps(Taxonomy other) {
    if (tasks.size() != other.tasks.size() || labels.size() != other.labels.size()) {
      return false;
    }
    for (int i = 0; i < tasks.size(); i++) {
      Task a = tasks.get(i);
      Task b = other.tasks.get(i);
      if (!a.id().equals(b.id()) || !a.name().equals(b.name())) {
        return false;
      }
    }
    for (int i = 0; i < labels.size(); i++) {
      Label a = labels.get(i);
      Label b = other.labels.get(i);
      if (!a.id().equals(b.id()) || !a.name().equals(b.name())) {
        return false;
      }
    }
    return true;
  }

  /** Whether every task has at least one valid label. */
  public boolean hasTaskLabels() {
    return tasks.stream().noneMatch(t -> t.labels().isEmpty());
  }

  /** The task with this id, if any. */
  public Optional<Task> findTask(String id) {
    return Optional.ofNullable(tasksById.get(id));
  }

  /** The label with this id, if any. */
  public Optional<Label> findLabel(String id) {
    return Optional.ofNullable(labelsById.get(id));
  }

  /**
   * The task with this id.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Task task(String id) {
    Task t = tasksById.get(id);
    checkArgument(t != null, "unknown task id '%s'", id);
    return t;
  }

  /**
   * The label with this id.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Label label(String id) {
    Label l = labelsById.get(id);
    checkArgument(l != null, "unknown label id '%s'", id);
    return l;
  }

  /** Whether the label at {@code labelIndex} is a valid answer to the task at {@code taskIndex}. */
  public boolean isValid(int taskIndex, int labelIndex) {
    return validPairs.get(taskIndex * labels.size() + labelIndex);
  }

  /**
   * A copy whose task–label lists are replaced by {@code labelIdsByTaskId} (task id → label ids).
   * Tasks absent from the map keep no labels. Used to derive the lists from training annotations
   * when a taxonomy comes without them.
   *
   * @throws IllegalArgumentException for unknown task or label ids
   */
  public Taxonomy withTaskLabels(Map<String, ? extends Collection<String>> labelIdsByTaskId) {
    for (String taskId : labelIdsByTaskId.keySet()) {
      task(taskId);
    }
    Builder b = builder();
    labels.forEach(l -> b.addLabel(l.id(), l.name()));
    for (Task t : tasks) {
      Collection<String> ids = labelIdsByTaskId.get(t.id());
      b.addTask(t.id(), t.name(), ids == null ? List.of() : List.copyOf(ids));
    }
    return b.build();
  }

  /** Two taxonomies are equal when they have the same tasks, labels and task–label lists. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Taxonomy
        && ((Taxonomy) o).tasks.equals(tasks)
        && ((Taxonomy) o).labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return tasks.hashCode() * 31 + labels.hashCode();
  }

  @Override
  public String toString() {
    return String.format(
        "Taxonomy{%d apparels, %d tasks, %d labels, %d task-label pairs}",
        apparels.size(), taskCount(), labelCount(), pairCount());
  }

  /**
   * Builds a taxonomy in code. Labels must be added before the tasks that use them; ids must be
   * unique; task names have the form {@code apparel:attribute}.
   */
  public static final class Builder {
    private final Map<String, Label> labels = new LinkedHashMap<>();
    private final Map<String, PendingTask> tasks = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a label. */
    public Builder addLabel(String id, String name) {
      checkArgument(!id.isEmpty(), "empty label id");
      checkArgument(!labels.containsKey(id), "duplicate label id '%s'", id);
      labels.put(id, Label.create(id, name, labels.size()));
      return this;
    }

    /** Adds a task whose valid labels are {@code labelIds} (may be empty). */
    public Builder addTask(String id, String name, List<String> labelIds) {
      checkArgument(!id.isEmpty(), "empty task id");
      checkArgument(!tasks.containsKey(id), "duplicate task id '%s'", id);
      int colon = name.indexOf(':');
      checkArgument(
          colon > 0 && colon < name.length() - 1,
          "task '%s': name '%s' is not of the form apparel:attribute",
          id,
          name);
      List<Label> taskLabels = new ArrayList<>();
      for (String labelId : labelIds) {
        Label l = labels.get(labelId);
        checkArgument(l != null, "task '%s': unknown label id '%s'", id, labelId);
        checkArgument(!taskLabels.contains(l), "task '%s': label '%s' listed twice", id, labelId);
        taskLabels.add(l);
      }
      tasks.put(id, new PendingTask(name, List.copyOf(taskLabels)));
      return this;
    }

    /** Builds the taxonomy. */
    public Taxonomy build() {
      ImmutableList.Builder<Task> ts = ImmutableList.builder();
      int index = 0;
      for (Map.Entry<String, PendingTask> e : tasks.entrySet()) {
        String name = e.getValue().name();
        int colon = name.indexOf(':');
        ts.add(
            Task.create(
                e.getKey(),
                name,
                Apparel.of(name.substring(0, colon)),
                name.substring(colon + 1),
                index++,
                ImmutableList.copyOf(e.getValue().labels())));
      }
      return new Taxonomy(ts.build(), ImmutableList.copyOf(labels.values()));
    }

    private record PendingTask(String name, List<Label> labels) {}
  }
}
