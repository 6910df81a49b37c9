package io.imat.testing.synth;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.io.AtomicFiles;
import io.imat.api.progress.Progress;
import io.imat.api.progress.ProgressListener;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Label;
import io.imat.api.taxonomy.Task;
import io.imat.api.taxonomy.Taxonomy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A deterministic iMaterialist-like dataset: procedurally drawn garments whose colour, pattern,
 * length, gender and age are visible in the picture, annotated with the real task and label ids of
 * {@link SyntheticTaxonomy} (several labels where the real taxonomy has synonyms), with mirror URLs
 * whose words sometimes leak the labels, and a declared fraction of dead and flaky URLs. It is the
 * built-in data of the quickstart, the examples and most tests.
 *
 * <pre>{@code
 * SyntheticDataset synth = SyntheticDataset.builder().images(600).seed(42).build();
 * synth.write(Path.of("data"));   // the iMaterialist file layout + images/<id>.jpg + synth.json
 * ImatDataset train = synth.train();
 * }</pre>
 *
 * The same options always give the same datasets and the same bytes on disk.
 */
public final class SyntheticDataset {
  /** Train data file name, as in the competition. */
  public static final String TRAIN_FILE = "fgvc4_iMat.train.data.json";

  /** Validation data file name. */
  public static final String VALIDATION_FILE = "fgvc4_iMat.validation.data.json";

  /** Test file name (images only). */
  public static final String TEST_FILE = "fgvc4_iMat.test.image.json";

  /** Test ground truth, which only synthetic data can offer. */
  public static final String TEST_TRUTH_FILE = "fgvc4_iMat.test.truth.json";

  /** Folder of the pictures, {@code <imageId>.jpg}. */
  public static final String IMAGES_DIR = "images";

  private final Options options;
  private final SyntheticTaxonomy synthTaxonomy;
  private final List<Garment> garments;
  private final ImatDataset all;
  private final ImatDataset train;
  private final ImatDataset validation;
  private final ImatDataset testTruth;
  private final ImmutableMap<String, Fault> faults;
  private final boolean[] gone;

  private SyntheticDataset(Options options) {
    this.options = options;
    this.synthTaxonomy = SyntheticTaxonomy.create();
    Taxonomy taxonomy = synthTaxonomy.taxonomy();
    int n = options.images();
    this.garments = new ArrayList<>(n);
    this.gone = new boolean[n];
    Map<String, Fault> faultMap = new LinkedHashMap<>();
    ImatDataset.Builder b = ImatDataset.builder(taxonomy).annotated(true);
    for (int i = 0; i < n; i++) {
      String id = String.valueOf(i + 1);
      Streams s = streams(i);
      Garment g = sampleGarment(s.spec);
      garments.add(g);
      int mirrors = 2 + (s.urls.nextDouble() < 0.35 ? 1 : 0);
      List<String> paths = new ArrayList<>();
      for (int m = 0; m < mirrors; m++) {
        paths.add(UrlWriter.path(g, id, m, s.urls));
      }
      gone[i] = assignFaults(paths, s.faults, faultMap);
      List<String> urls = new ArrayList<>();
      paths.forEach(p -> urls.add(options.baseUrl() + p));
      b.addImage(ImageRecord.of(id, urls));
      annotate(b, id, g, s.spec);
    }
    this.all = b.build();
    this.faults = ImmutableMap.copyOf(faultMap);
    int nTrain = Math.max(1, (int) Math.round(n * options.trainFraction()));
    int nValid = Math.max(1, (int) Math.round(n * options.validationFraction()));
    checkArgument(nTrain + nValid < n, "%s images are too few for three splits", n);
    this.train = all.subset(IntStream.range(0, nTrain).toArray());
    this.validation = all.subset(IntStream.range(nTrain, nTrain + nValid).toArray());
    this.testTruth = all.subset(IntStream.range(nTrain + nValid, n).toArray());
  }

  /** A builder with the quickstart's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The taxonomy: the synthetic subset of the real one (18 tasks). */
  public Taxonomy taxonomy() {
    return synthTaxonomy.taxonomy();
  }

  /** Training images with ground truth (70 % by default). */
  public ImatDataset train() {
    return train;
  }

  /** Validation images with ground truth (15 % by default). */
  public ImatDataset validation() {
    return validation;
  }

  /** Test images without ground truth, like the competition's test file. */
  public ImatDataset test() {
    return testTruth.withoutAnnotations();
  }

  /** The test images with their ground truth, for scoring submissions on synthetic data. */
  public ImatDataset testTruth() {
    return testTruth;
  }

  /** Every misbehaving mirror URL path (no host) and its fault. */
  public ImmutableMap<String, Fault> faults() {
    return faults;
  }

  /**
   * Whether every mirror of the image is permanently dead: its picture is gone for good, and {@link
   * #write} does not store it.
   */
  public boolean isGone(String imageId) {
    return gone[index(imageId)];
  }

  /** The manifest {@link #write} stores as {@code synth.json}. */
  public SyntheticManifest manifest() {
    return new SyntheticManifest(
        options.seed(), options.images(), options.imageSize(), options.baseUrl(), faults);
  }

  /** Draws the picture of {@code imageId}. */
  public BufferedImage render(String imageId) {
    int i = index(imageId);
    SplittableRandom r = streams(i).paint;
    int w = (int) Math.round(options.imageSize() * (0.9 + 0.25 * r.nextDouble()));
    int h = (int) Math.round(options.imageSize() * (0.9 + 0.25 * r.nextDouble()));
    return GarmentPainter.paint(garments.get(i), r, w, h);
  }

  /** The picture of {@code imageId} as JPEG bytes (quality 0.9), as the server delivers it. */
  public byte[] jpeg(String imageId) {
    return encodeJpeg(render(imageId));
  }

  /**
   * Writes the dataset to {@code dir} in the iMaterialist layout: train, validation and test files,
   * the taxonomy files, {@code fgvc4_iMat.test.truth.json}, {@code synth.json} and the pictures of
   * all images that are not gone under {@code images/<imageId>.jpg}. Pictures are drawn in
   * parallel; every file is written atomically.
   */
  public void write(Path dir, ProgressListener progress) throws IOException {
    Files.createDirectories(dir.resolve(IMAGES_DIR));
    taxonomy().writeDirectory(dir);
    train.write(dir.resolve(TRAIN_FILE));
    validation.write(dir.resolve(VALIDATION_FILE));
    test().write(dir.resolve(TEST_FILE));
    testTruth.write(dir.resolve(TEST_TRUTH_FILE));
    manifest().write(dir);
    try (Progress p = progress.start("synth pictures", options.images())) {
      IntStream.range(0, options.images())
          .parallel()
          .forEach(
              i -> {
                if (!gone[i]) {
                  String id = all.image(i).id();
                  try {
                    AtomicFiles.write(dir.resolve(IMAGES_DIR).resolve(id + ".jpg"), jpeg(id));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
                p.step();
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Writes without progress reporting. */
  public void write(Path dir) throws IOException {
    write(dir, ProgressListener.none());
  }

  private int index(String imageId) {
    int i = all.indexOf(imageId);
    checkArgument(i >= 0, "no synthetic image '%s'", imageId);
    return i;
  }

  /** Independent random streams per image, so any picture can be drawn alone, in any order. */
  private record Streams(
      SplittableRandom spec,
      SplittableRandom urls,
      SplittableRandom faults,
      SplittableRandom paint) {}

  private Streams streams(int i) {
    SplittableRandom base = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + i);
    return new Streams(base.split(), base.split(), base.split(), base.split());
  }

  private Garment sampleGarment(SplittableRandom r) {
    double a = r.nextDouble();
    Apparel apparel =
        a < 0.3
            ? Apparel.SHOE
            : a < 0.6 ? Apparel.DRESS : a < 0.8 ? Apparel.PANTS : Apparel.OUTERWEAR;
    String colour = weighted(values(apparel, "color"), r);
    String pattern =
        apparel.equals(Apparel.SHOE)
            ? "solid"
            : r.nextDouble() < 0.4 ? "solid" : uniform(patterns(apparel), r);
    ImmutableList<String> lengths = SyntheticTaxonomy.LENGTHS.get(apparel);
    String length = lengths == null ? "" : uniform(lengths, r);
    String gender =
        apparel.equals(Apparel.DRESS) ? "women" : r.nextDouble() < 0.55 ? "women" : "men";
    ImmutableList<String> ages = values(apparel, "age");
    double x = r.nextDouble();
    String age = x < 0.68 ? "adult" : (x < 0.88 || ages.size() < 3) ? "kids" : "baby";
    return new Garment(apparel, colour, pattern, length, gender, age);
  }

  /** Patterns the apparel's pattern task can name (solid is always drawable). */
  private List<String> patterns(Apparel apparel) {
    List<String> out = new ArrayList<>(values(apparel, "pattern"));
    out.remove("solid");
    return out;
  }

  private ImmutableList<String> values(Apparel apparel, String attribute) {
    return synthTaxonomy
        .task(apparel, attribute)
        .map(synthTaxonomy::values)
        .orElse(ImmutableList.of());
  }

  private void annotate(ImatDataset.Builder b, String id, Garment g, SplittableRandom r) {
    for (Task task : synthTaxonomy.taxonomy().tasks()) {
      if (!task.apparel().equals(g.apparel())) {
        continue;
      }
      ImmutableList<Label> labels = synthTaxonomy.labels(task, g.value(task.attribute()));
      // Like the real data, not every task is annotated for every image; colour nearly always.
      double keep = task.attribute().equals("color") ? 0.97 : 0.88;
      if (labels.isEmpty() || r.nextDouble() >= keep) {
        continue;
      }
      labels.forEach(l -> b.annotate(id, task, l));
    }
  }

  /** Returns whether the image is gone (every mirror permanently dead). */
  private boolean assignFaults(List<String> paths, SplittableRandom r, Map<String, Fault> out) {
    double u = r.nextDouble();
    if (u < options.deadFraction()) {
      for (String p : paths) {
        double k = r.nextDouble();
        FaultKind kind =
            k < 0.35
                ? FaultKind.NOT_FOUND
                : k < 0.5
                    ? FaultKind.GONE
                    : k < 0.65
                        ? FaultKind.SERVER_ERROR
                        : k < 0.85
                            ? FaultKind.HTML_PAGE
                            : k < 0.95 ? FaultKind.TRUNCATED : FaultKind.REDIRECT_LOOP;
        out.put(p, Fault.of(kind, 0));
      }
      return true;
    }
    if (u < options.deadFraction() + options.flakyFraction()) {
      double k = r.nextDouble();
      Fault f =
          k < 0.25
              ? Fault.of(FaultKind.FLAKY, 2)
              : k < 0.4
                  ? Fault.of(FaultKind.RATE_LIMITED, 1)
                  : k < 0.55
                      ? Fault.of(FaultKind.NOT_FOUND, 0)
                      : k < 0.65
                          ? Fault.of(FaultKind.HTML_PAGE, 0)
                          : k < 0.75
                              ? Fault.of(FaultKind.TRUNCATED, 0)
                              : k < 0.85
                                  ? Fault.of(FaultKind.STALL, 0)
                                  : Fault.redirect(paths.get(1));
      out.put(paths.get(0), f);
    }
    return false;
  }

  private static String weighted(List<String> values, SplittableRandom r) {
    // Earlier values are more common (black and white dominate real catalogues): weights 1/(k+2).
    double total = 0;
    for (int k = 0; k < values.size(); k++) {
      total += 1.0 / (k + 2);
    }
    double x = r.nextDouble() * total;
    for (int k = 0; k < values.size(); k++) {
      x -= 1.0 / (k + 2);
      if (x < 0) {
        return values.get(k);
      }
    }
    return values.get(values.size() - 1);
  }

  private static String uniform(List<String> values, SplittableRandom r) {
    return values.get(r.nextInt(values.size()));
  }

  static byte[] encodeJpeg(BufferedImage img) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  private record Options(
      int images,
      long seed,
      String baseUrl,
      int imageSize,
      double deadFraction,
      double flakyFraction,
      double trainFraction,
      double validationFraction) {}

  /** Options of a synthetic dataset. */
  public static final class Builder {
    private int images = 600;
    private long seed = 42;
    private String baseUrl = "http://127.0.0.1:8642";
    private int imageSize = 128;
    private double deadFraction = 0.04;
    private double flakyFraction = 0.06;
    private double trainFraction = 0.7;
    private double validationFraction = 0.15;

    private Builder() {}

    /** Total number of images over train, validation and test (default 600, at least 10). */
    public Builder images(int value) {
      checkArgument(value >= 10, "need at least 10 images, got %s", value);
      this.images = value;
      return this;
    }

    /** The seed (default 42). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Scheme, host and port of every URL (default {@code http://127.0.0.1:8642}, where {@code imat
     * serve} listens by default).
     */
    public Builder baseUrl(String value) {
      URI uri = URI.create(value);
      checkArgument(
          ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              && uri.getHost() != null
              && (uri.getPath() == null || uri.getPath().isEmpty()),
          "base URL must be http(s)://host[:port] without a path, got '%s'",
          value);
      this.baseUrl = value;
      return this;
    }

    /** Nominal picture side in pixels; pictures vary from 0.9× to 1.15× (default 128). */
    public Builder imageSize(int value) {
      checkArgument(value >= 32 && value <= 1024, "image size %s out of 32..1024", value);
      this.imageSize = value;
      return this;
    }

    /** Fraction of images whose every mirror is dead (default 0.04, as at the 2017 release). */
    public Builder deadFraction(double value) {
      checkArgument(value >= 0 && value <= 1, "dead fraction %s out of [0, 1]", value);
      this.deadFraction = value;
      return this;
    }

    /**
     * Fraction of images whose first mirror misbehaves (transiently or for good) while another
     * works (default 0.06).
     */
    public Builder flakyFraction(double value) {
      checkArgument(value >= 0 && value <= 1, "flaky fraction %s out of [0, 1]", value);
      this.flakyFraction = value;
      return this;
    }

    /** Shares of train and validation; the rest is test (default 0.7 and 0.15). */
    public Builder splits(double train, double validation) {
      checkArgument(
          train > 0 && validation > 0 && train + validation < 1,
          "bad split fractions %s / %s",
          train,
          validation);
      this.trainFraction = train;
      this.validationFraction = validation;
      return this;
    }

    /** Generates the datasets (pictures are drawn on demand). */
    public SyntheticDataset build() {
      checkArgument(deadFraction + flakyFraction <= 1, "dead + flaky fractions exceed 1");
      return new SyntheticDataset(
          new Options(
              images,
              seed,
              baseUrl,
              imageSize,
              deadFraction,
              flakyFraction,
              trainFraction,
              validationFraction));
    }
  }
}
