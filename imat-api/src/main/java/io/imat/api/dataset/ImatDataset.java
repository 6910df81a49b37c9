package io.imat.api.dataset;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.ImmutableSet;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A set of images with their mirror URLs and, for training and validation data, their ground truth:
 * for each annotated (image, task) pair, the set of correct labels.
 *
 * <p>Load the iMaterialist files with {@link #load(Path)} or {@link #loader()}; build one in code
 * with {@link #builder(Taxonomy)}. Instances are immutable; {@link #subset} and friends return new
 * datasets sharing the same taxonomy.
 *
 * <pre>{@code
 * ImatDataset train = ImatDataset.load(Path.of("fgvc4_iMat.train.data.json"));
 * for (Annotation a : train.annotations(0)) {
 *   System.out.println(a.task().name() + " = " + a.labels());
 * }
 * }</pre>
 */
public final class ImatDataset {
  private static final int[] NO_CODES = new int[0];

  private final Taxonomy taxonomy;
  private final ImmutableList<ImageRecord> images;
  private final ImmutableMap<String, Integer> indexById;
  // Per image: sorted, distinct codes taskIndex * labelCount + labelIndex.
  private final int[][] codes;
  private final boolean annotated;
  private final int skippedAnnotations;

  ImatDataset(
      Taxonomy taxonomy,
      ImmutableList<ImageRecord> images,
      int[][] codes,
      boolean annotated,
      int skippedAnnotations) {
    this.taxonomy = taxonomy;
    this.images = images;
    ImmutableMap.Builder<String, Integer> index =
        ImmutableMap.builderWithExpectedSize(images.size());
    for (int i = 0; i < images.size(); i++) {
      index.put(images.get(i).id(), i);
    }
    this.indexById = index.buildOrThrow();
    this.codes = codes;
    this.annotated = annotated;
    this.skippedAnnotations = skippedAnnotations;
  }

  /** Loads an iMaterialist data file with the 2017 taxonomy, rejecting unknown ids. */
  public static ImatDataset load(Path file) throws IOException {
    return loader().load(file);
  }

  /** Loads an iMaterialist data file with {@code taxonomy}, rejecting unknown ids. */
  public static ImatDataset load(Path file, Taxonomy taxonomy) throws IOException {
    return loader().taxonomy(taxonomy).load(file);
  }

  /** A configurable loader for iMaterialist data files. */
  public static DatasetLoader loader() {
    return new DatasetLoader();
  }

  /** A builder for datasets made in code (synthetic data, tests, conversions). */
  public static Builder builder(Taxonomy taxonomy) {
    return new Builder(taxonomy);
  }

  /** The taxonomy the annotations refer to. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Number of images. */
  public int size() {
    return images.size();
  }

  /** The images, in file order. */
  public ImmutableList<ImageRecord> images() {
    return images;
  }

  /** The image at {@code index}. */
  public ImageRecord image(int index) {
    return images.get(index);
  }

  /** The image with this id, if present. */
  public Optional<ImageRecord> image(String id) {
    Integer i = indexById.get(id);
    return i == null ? Optional.empty() : Optional.of(images.get(i));
  }

  /** The position of the image with this id, or -1. */
  public int indexOf(String id) {
    Integer i = indexById.get(id);
    return i == null ? -1 : i;
  }

  /** Whether an image with this id is present. */
  public boolean contains(String id) {
    return indexById.containsKey(id);
  }

  /**
   * Whether the source carried ground truth (train/validation files do, test files do not). A
   * dataset can be annotated and still have images without annotations.
   */
  public boolean hasAnnotations() {
    return annotated;
  }

  /** Annotations dropped by {@link UnknownIdPolicy#SKIP} while loading. */
  public int skippedAnnotations() {
    return skippedAnnotations;
  }

  /** Number of annotated (image, task) pairs: the denominator of the competition metric. */
  public int pairCount() {
    int n = 0;
    for (int i = 0; i < codes.length; i++) {
      n += taskCount(i);
    }
    return n;
  }

  /** Number of (image, task, label) ground-truth entries. */
  public int labelCount() {
    int n = 0;
    for (int[] c : codes) {
      n += c.length;
    }
    return n;
  }

  /** Number of tasks annotated for the image at {@code index}. */
  public int taskCount(int index) {
    int[] c = codes[index];
    int n = 0;
    int last = -1;
    int labels = taxonomy.labelCount();
    for (int code : c) {
      int t = code / labels;
      if (t != last) {
        n++;
        last = t;
      }
    }
    return n;
  }

  /** The tasks annotated for the image at {@code index}, in task order. */
  public ImmutableList<Task> tasks(int index) {
    ImmutableList.Builder<Task> out = ImmutableList.builder();
    int labels = taxonomy.labelCount();
    int last = -1;
    for (int code : codes[index]) {
      int t = code / labels;
      if (t != last) {
        out.add(taxonomy.tasks().get(t));
        last = t;
      }
    }
    return out.build();
  }

  /** The correct labels of the image at {@code index} for {@code task}; empty if not annotated. */
  public ImmutableSet<Label> labels(int index, Task task) {
    ImmutableSet.Builder<Label> out = ImmutableSet.builder();
    int labels = taxonomy.labelCount();
    for (int code : codes[index]) {
      if (code / labels == task.index()) {
        out.add(taxonomy.labels().get(code % labels));
      }
    }
    return out.build();
  }

  /** The annotations of the image at {@code index}, one per annotated task, in task order. */
  public ImmutableList<Annotation> annotations(int index) {
    ImmutableList.Builder<Annotation> out = ImmutableList.builder();
    forEachPair(index, (task, labelIndexes) -> out.add(annotation(index, task, labelIndexes)));
    return out.build();
  }

  /** All annotations of all images, image by image. */
  public ImmutableList<Annotation> annotations() {
    ImmutableList.Builder<Annotation> out = ImmutableList.builder();
    for (int i = 0; i < codes.length; i++) {
      out.addAll(annotations(i));
    }
    return out.build();
  }

  /**
   * Visits the annotated pairs of the image at {@code index}: the visitor receives the task and the
   * indexes ({@link Label#index()}) of its correct labels.
   */
  public void forEachPair(int index, PairVisitor visitor) {
    int[] c = codes[index];
    int labels = taxonomy.labelCount();
    int start = 0;
    while (start < c.length) {
      int t = c[start] / labels;
      int end = start;
      while (end < c.length && c[end] / labels == t) {
        end++;
      }
      int[] labelIndexes = new int[end - start];
      for (int k = start; k < end; k++) {
        labelIndexes[k - start] = c[k] % labels;
      }
      visitor.visit(taxonomy.tasks().get(t), labelIndexes);
      start = end;
    }
  }

  /**
   * The apparel of the image at {@code index}, from its annotated tasks; empty for images without
   * annotations.
   */
  public Optional<Apparel> apparel(int index) {
    int[] c = codes[index];
    if (c.length == 0) {
      return Optional.empty();
    }
    return Optional.of(taxonomy.tasks().get(c[0] / taxonomy.labelCount()).apparel());
  }

  /**
   * How often each label is a correct answer for {@code task} over the dataset (a pair with two
   * correct labels counts once for each).
   */
  public ImmutableMultiset<Label> labelFrequencies(Task task) {
    ImmutableMultiset.Builder<Label> out = ImmutableMultiset.builder();
    int labels = taxonomy.labelCount();
    for (int[] c : codes) {
      for (int code : c) {
        if (code / labels == task.index()) {
          out.add(taxonomy.labels().get(code % labels));
        }
      }
    }
    return out.build();
  }

  /** For each task, the number of images annotated for it. */
  public ImmutableMap<Task, Integer> taskFrequencies() {
    int[] counts = new int[taxonomy.taskCount()];
    int labels = taxonomy.labelCount();
    for (int[] c : codes) {
      int last = -1;
      for (int code : c) {
        int t = code / labels;
        if (t != last) {
          counts[t]++;
          last = t;
        }
      }
    }
    ImmutableMap.Builder<Task, Integer> out = ImmutableMap.builder();
    for (Task t : taxonomy.tasks()) {
      out.put(t, counts[t.index()]);
    }
    return out.buildOrThrow();
  }

  /**
   * Label indexes annotated anywhere for each task, derived from the ground truth: the taxonomy a
   * dataset implies when its task–label lists are missing.
   */
  public Taxonomy deriveTaxonomy() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    List<TreeSet<Integer>> seen = new ArrayList<>();
    for (int t = 0; t < taxonomy.taskCount(); t++) {
      seen.add(new TreeSet<>());
    }
    int labels = taxonomy.labelCount();
    for (int[] c : codes) {
      for (int code : c) {
        seen.get(code / labels).add(code % labels);
      }
    }
    for (Task t : taxonomy.tasks()) {
      List<String> ids = new ArrayList<>();
      seen.get(t.index()).forEach(l -> ids.add(taxonomy.labels().get(l).id()));
      lists.put(t.id(), ids);
    }
    return taxonomy.withTaskLabels(lists);
  }

  /**
   * The taxonomy to train on when the task–label lists of this dataset's taxonomy are missing or
   * incomplete — real data as it comes: the official {@code task_map} and {@code label_map} carry
   * no lists, and an experiment's annotations may cover only some tasks. Every task gets a
   * non-empty list, by this rule:
   *
   * <ol>
   *   <li>the labels the taxonomy already lists for the task;
   *   <li>when the taxonomy's maps are the official iMaterialist 2017 ones ({@link
   *       Taxonomy#hasSameMaps} {@link Taxonomy#imaterialist2017()}), the task's official list,
   *       bundled with imat;
   *   <li>the labels annotated for the task in this dataset;
   *   <li>if the list is still empty, the label annotated most often in this dataset over all tasks
   *       (the lowest label index on ties).
   * </ol>
   *
   * Tasks without annotations here are then untrained ({@link
   * io.imat.api.predict.TaskPriors#isUntrained}): models give no output for them and every answer
   * is the task's prior top label.
   *
   * @throws IllegalStateException if a list is empty and this dataset has no annotations at all
   */
  public Taxonomy completeTaxonomy() {
    Taxonomy official = Taxonomy.imaterialist2017();
    boolean is2017 = taxonomy.hasSameMaps(official);
    int labels = taxonomy.labelCount();
    List<TreeSet<Integer>> seen = new ArrayList<>();
    for (int t = 0; t < taxonomy.taskCount(); t++) {
      seen.add(new TreeSet<>());
    }
    int[] uses = new int[labels];
    for (int[] c : codes) {
      for (int code : c) {
        seen.get(code / labels).add(code % labels);
        uses[code % labels]++;
      }
    }
    int mostFrequent = -1;
    for (int l = 0; l < labels; l++) {
      if (uses[l] > 0 && (mostFrequent < 0 || uses[l] > uses[mostFrequent])) {
        mostFrequent = l;
      }
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (Task t : taxonomy.tasks()) {
      java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
      t.labels().forEach(l -> ids.add(l.id()));
      if (is2017) {
        official.tasks().get(t.index()).labels().forEach(l -> ids.add(l.id()));
      }
      seen.get(t.index()).forEach(l -> ids.add(taxonomy.labels().get(l).id()));
      if (ids.isEmpty()) {
        checkState(
            mostFrequent >= 0,
            "task %s has no labels and the dataset has no annotations to derive one from",
            t.id());
        ids.add(taxonomy.labels().get(mostFrequent).id());
      }
      lists.put(t.id(), new ArrayList<>(ids));
    }
    return taxonomy.withTaskLabels(lists);
  }

  /**
   * This dataset with {@link #completeTaxonomy()} when some task of its taxonomy has no labels;
   * itself otherwise.
   */
  public ImatDataset withCompleteTaxonomy() {
    return taxonomy.hasTaskLabels() ? this : withTaxonomy(completeTaxonomy());
  }

  /**
   * This dataset re-labelled with {@code other}, which must have the same tasks and labels in the
   * same order (typically {@link #deriveTaxonomy()} or a taxonomy with task–label lists added).
   */
  public ImatDataset withTaxonomy(Taxonomy other) {
    checkArgument(
        sameIds(taxonomy.tasks(), other.tasks()) && sameLabelIds(taxonomy, other),
        "taxonomies differ in tasks or labels");
    return new ImatDataset(other, images, codes, annotated, skippedAnnotations);
  }

  /** The images at {@code indexes} (in that order) with their annotations. */
  public ImatDataset subset(int... indexes) {
    ImmutableList.Builder<ImageRecord> imgs = ImmutableList.builderWithExpectedSize(indexes.length);
    int[][] sub = new int[indexes.length][];
    for (int k = 0; k < indexes.length; k++) {
      imgs.add(images.get(indexes[k]));
      sub[k] = codes[indexes[k]];
    }
    return new ImatDataset(taxonomy, imgs.build(), sub, annotated, 0);
  }

  /**
   * The images with these ids (in the order given) with their annotations.
   *
   * @throws IllegalArgumentException for an id that is not in this dataset
   */
  public ImatDataset subset(Collection<String> ids) {
    int[] idx = new int[ids.size()];
    int k = 0;
    for (String id : ids) {
      int i = indexOf(id);
      checkArgument(i >= 0, "image '%s' is not in the dataset", id);
      idx[k++] = i;
    }
    return subset(idx);
  }

  /** The same images without ground truth, as a test set would be. */
  public ImatDataset withoutAnnotations() {
    int[][] none = new int[codes.length][];
    Arrays.fill(none, NO_CODES);
    return new ImatDataset(taxonomy, images, none, false, 0);
  }

  /**
   * Writes the dataset in the iMaterialist layout: {@code {"images":[...],"annotations":[...]}}, or
   * {@code {"images":[...]}} when it has no annotations (like the test file). Atomic.
   */
  public void write(Path file) throws IOException {
    DatasetWriter.write(this, file);
  }

  // Package-private access for the writer.
  int[] codes(int index) {
    return codes[index];
  }

  private Annotation annotation(int index, Task task, int[] labelIndexes) {
    ImmutableSet.Builder<Label> ls = ImmutableSet.builder();
    for (int l : labelIndexes) {
      ls.add(taxonomy.labels().get(l));
    }
    return Annotation.of(images.get(index).id(), task, ls.build());
  }

  private static boolean sameIds(List<Task> a, List<Task> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).id().equals(b.get(i).id())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameLabelIds(Taxonomy a, Taxonomy b) {
    if (a.labelCount() != b.labelCount()) {
      return false;
    }
    for (int i = 0; i < a.labelCount(); i++) {
      if (!a.labels().get(i).id().equals(b.labels().get(i).id())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return String.format(
        "ImatDataset{%d images, %d annotated pairs, %s}",
        size(), pairCount(), annotated ? "annotated" : "no annotations");
  }

  /** Receives one annotated pair; see {@link #forEachPair}. */
  @FunctionalInterface
  public interface PairVisitor {
    /** Called once per annotated task of the image. */
    void visit(Task task, int[] labelIndexes);
  }

  /**
   * Builds a dataset in code. Image ids are checked ({@link ImageIds}); annotations must name known
   * images, tasks and labels, and the label must be valid for the task when the taxonomy has
   * task–label lists.
   */
  public static final class Builder {
    private final Taxonomy taxonomy;
    private final List<ImageRecord> images = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<TreeSet<Integer>> codes = new ArrayList<>();
    private boolean annotated;

    private Builder(Taxonomy taxonomy) {
      this.taxonomy = taxonomy;
    }

    /** Adds an image. */
    public Builder addImage(ImageRecord image) {
      checkArgument(!index.containsKey(image.id()), "duplicate image id '%s'", image.id());
      index.put(image.id(), images.size());
      images.add(image);
      codes.add(new TreeSet<>());
      return this;
    }

    /** Adds an image with its mirror URLs. */
    public Builder addImage(String id, String... urls) {
      return addImage(ImageRecord.of(id, urls));
    }

    /** Adds {@code label} to the ground truth of ({@code imageId}, {@code task}). */
    public Builder annotate(String imageId, Task task, Label label) {
      Integer i = index.get(imageId);
      checkArgument(i != null, "annotation for unknown image '%s'", imageId);
      checkArgument(
          taxonomy.tasks().get(task.index()).equals(task), "task %s is not in the taxonomy", task);
      checkArgument(
          taxonomy.labels().get(label.index()).equals(label),
          "label %s is not in the taxonomy",
          label);
      checkArgument(
          !taxonomy.hasTaskLabels() || taxonomy.isValid(task.index(), label.index()),
          "label %s is not valid for task %s",
          label,
          task);
      codes.get(i).add(task.index() * taxonomy.labelCount() + label.index());
      annotated = true;
      return this;
    }

    /** Adds an annotation by ids. */
    public Builder annotate(String imageId, String taskId, String labelId) {
      return annotate(imageId, taxonomy.task(taskId), taxonomy.label(labelId));
    }

    /**
     * Marks the dataset as carrying ground truth even if no annotation was added (a train file with
     * an empty annotation list).
     */
    public Builder annotated(boolean value) {
      this.annotated = value;
      return this;
    }

    /** Builds the dataset. */
    public ImatDataset build() {
      int[][] c = new int[codes.size()][];
      for (int i = 0; i < c.length; i++) {
        c[i] = codes.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      return new ImatDataset(taxonomy, ImmutableList.copyOf(images), c, annotated, 0);
    }
  }
}
