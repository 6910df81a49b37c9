package io.imat.examples.quickstart;

import com.google.gson.JsonObject;
import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.download.DownloadReport;
import io.imat.api.download.ImageDownloader;
import io.imat.api.predict.Predictions;
import io.imat.api.predict.TaskPriors;
import io.imat.api.progress.ProgressListener;
import io.imat.api.submission.Submission;
import io.imat.api.taxonomy.Apparel;
import io.imat.api.taxonomy.Taxonomy;
import io.imat.augment.Augmenters;
import io.imat.augment.gallery.Gallery;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.examples.plots.Plots;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import io.imat.models.Classifier;
import io.imat.models.cv.CrossValidation;
import io.imat.models.cv.CrossValidationResult;
import io.imat.models.data.PictureSet;
import io.imat.models.ensemble.WeightFit;
import io.imat.models.ensemble.WeightFitter;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import io.imat.testing.synth.SyntheticDataset;
import io.imat.testing.synth.SyntheticServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole seed pipeline on built-in synthetic data, end to end: generate and serve a dataset with
 * dead and flaky mirrors, download it, train image models with K-fold cross-validation, train the
 * URL text model, fit merge weights on out-of-fold predictions, compare everything on validation,
 * write the submission and the plots.
 */
public final class Quickstart {
  private final QuickstartOptions options;
  private final PrintWriter out;
  private final ProgressListener progress;

  /** A quickstart run; {@code out} gets the narrative, {@code progress} the progress bars. */
  public Quickstart(QuickstartOptions options, PrintWriter out, ProgressListener progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
  }

  /** Runs every step; returns the headline numbers as JSON. */
  public JsonObject run() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Path work = options.work();
    Path data = work.resolve("data");
    Path images = work.resolve("images");
    Path plots = work.resolve("plots");
    Path predictions = work.resolve("predictions");
    Files.createDirectories(plots);
    Files.createDirectories(predictions);
    JsonObject json = new JsonObject();

    // 1. Data: the iMaterialist layout, with 4 % dead and 6 % flaky mirrors.
    say("1. Synthetic data: %d images, seed %d -> %s", options.images(), options.seed(), data);
    SyntheticDataset synth =
        SyntheticDataset.builder().images(options.images()).seed(options.seed()).build();
    synth.write(data, progress);
    Taxonomy taxonomy = Taxonomy.loadDirectory(data);
    ImatDataset train = ImatDataset.load(data.resolve(SyntheticDataset.TRAIN_FILE), taxonomy);
    ImatDataset valid = ImatDataset.load(data.resolve(SyntheticDataset.VALIDATION_FILE), taxonomy);
    ImatDataset test = ImatDataset.load(data.resolve(SyntheticDataset.TEST_FILE), taxonomy);
    ImatDataset testTruth =
        ImatDataset.load(data.resolve(SyntheticDataset.TEST_TRUTH_FILE), taxonomy);
    say(
        "   %d train / %d validation / %d test images, %d tasks, %d labels",
        train.size(), valid.size(), test.size(), taxonomy.taskCount(), taxonomy.labelCount());

    // 2. Download through the real downloader from an in-process server on loopback.
    DownloadReport report = download(data, images, List.of(train, valid, test));
    json.add("download", com.google.gson.JsonParser.parseString(report.toJson()));

    // 3. Image models: K-fold cross-validation.
    say(
        "3. Image model: %s at %d px, %d folds x %d epochs, seed augmentation",
        options.backbone().name(), options.imageSize(), options.folds(), options.epochs());
    Classifier.Builder recipe =
        Classifier.builder()
            .backbone(options.backbone())
            .imageSize(options.imageSize())
            .augmenter(Augmenters.seedPipeline())
            .batchSize(32)
            .epochs(options.epochs())
            .reduceLrOnPlateau(0.5, 1)
            .seed(options.seed())
            .progress(progress);
    if (!Classifier.hasImagenetWeights(options.backbone())) {
      recipe.adam(2e-3); // from random weights, on 560 pictures: a little above Adam's default
    }
    Classifier clf = recipe.build();
    PictureSet trainPics = PictureSet.of(train, images);
    CrossValidationResult cv =
        CrossValidation.builder()
            .classifier(clf)
            .folds(options.folds())
            .seed(options.seed())
            .innerValidation(options.innerValidation())
            .saveModelsTo(work.resolve("models"))
            .progress(ProgressListener.none())
            .build()
            .run(trainPics, List.of(PictureSet.of(valid, images), PictureSet.of(test, images)));
    Predictions imageOof = cv.outOfFold();
    Predictions imageValid = cv.averaged().get(0);
    Predictions imageTest = cv.averaged().get(1);
    for (int f = 0; f < cv.histories().size(); f++) {
      var best = cv.histories().get(f).best().orElseThrow();
      say(
          "   fold %d: kept epoch %d, %s top-1 error %.4f",
          f + 1,
          best.epoch(),
          options.innerValidation() > 0 ? "inner-split" : "held-out",
          best.validationError());
    }
    imageOof.write(predictions.resolve("image-oof.pred"));
    imageValid.write(predictions.resolve("image-valid.pred"));
    imageTest.write(predictions.resolve("image-test.pred"));

    // 4. The URL text model and the merge, weights fitted on out-of-fold predictions.
    say("4. URL text model, then merge weights fitted on out-of-fold predictions");
    UrlTextModel textModel = UrlTextModel.builder().seed(options.seed()).build();
    Predictions textOof = textModel.outOfFold(cv.folds(), ProgressListener.none());
    TrainedUrlTextModel text = textModel.train(train, ProgressListener.none());
    text.save(work.resolve("models").resolve("text"));
    Predictions textValid = text.predict(valid);
    Predictions textTest = text.predict(test);
    WeightFit fit = WeightFitter.builder().build().fit(List.of(imageOof, textOof), train);
    Predictions mergedValid = fit.ensemble().merge(List.of(imageValid, textValid));
    Predictions mergedTest = fit.ensemble().merge(List.of(imageTest, textTest));
    say(
        "   fitted weights (image, text): %s",
        java.util.Arrays.stream(fit.weights().defaults())
            .mapToObj(w -> String.format("%.2f", w))
            .collect(Collectors.joining(", ")));
    textValid.write(predictions.resolve("text-valid.pred"));
    mergedValid.write(predictions.resolve("merged-valid.pred"));
    mergedTest.write(predictions.resolve("merged-test.pred"));

    // 5. The comparison on validation, then the submission.
    Predictions baseline = Predictions.priorsOnly(TaskPriors.fromDataset(train));
    Map<String, ErrorReport> reports = new LinkedHashMap<>();
    TopOneError metric = TopOneError.of(valid);
    reports.put("majority baseline", metric.score(baseline));
    reports.put("image (" + options.folds() + "-fold CV)", metric.score(imageValid));
    reports.put("URL text model", metric.score(textValid));
    reports.put("merged", metric.score(mergedValid));
    say("5. Top-1 error on validation (%d annotated pairs; lower is better)", valid.pairCount());
    printTable(reports);
    Path csv = work.resolve("submission.csv");
    int fromPrior = Submission.write(csv, mergedTest, test);
    double testScore = TopOneError.of(testTruth).score(Submission.read(csv, test)).score();
    say(
        "   submission: %s (%d rows = %d images x %d tasks; %d rows from priors)",
        csv, test.size() * taxonomy.taskCount(), test.size(), taxonomy.taskCount(), fromPrior);
    say("   its top-1 error on the synthetic test ground truth: %.4f", testScore);

    // 6. Pictures.
    say("6. Plots");
    Plots.learningCurves(cv.histories(), plots.resolve("learning-curves.png"));
    Plots.taskErrors(reports, plots.resolve("task-errors.png"));
    gallery(train, images, plots.resolve("augmentation-gallery.png"));
    say("   %s", plots.resolve("learning-curves.png"));
    say("   %s", plots.resolve("task-errors.png"));
    say("   %s", plots.resolve("augmentation-gallery.png"));

    double seconds = (System.nanoTime() - t0) / 1e9;
    say("%nDone in %.0f s. Everything is under %s:", seconds, work);
    say("   data/ (dataset), images/ (downloaded), models/ (fold models, text model),");
    say("   predictions/ (.pred files), plots/, submission.csv");
    out.flush();

    JsonObject scores = new JsonObject();
    reports.forEach((k, r) -> scores.addProperty(k, r.score()));
    json.add("validation", scores);
    json.addProperty("imageOutOfFoldError", TopOneError.of(train).score(imageOof).score());
    json.addProperty("testScore", testScore);
    json.addProperty("submission", csv.toString());
    json.addProperty("work", work.toString());
    json.addProperty("seconds", seconds);
    return json;
  }

  private DownloadReport download(Path data, Path images, List<ImatDataset> splits)
      throws IOException, InterruptedException {
    say("2. Download: serving %s on 127.0.0.1 with its dead and flaky mirrors", data);
    try (SyntheticServer server =
        SyntheticServer.builder(data).port(0).stall(Duration.ofSeconds(30)).start()) {
      List<ImageRecord> all = new ArrayList<>();
      for (ImatDataset d : splits) {
        all.addAll(server.rebase(d).images());
      }
      ImageDownloader downloader =
          ImageDownloader.builder()
              .concurrency(16)
              .readTimeout(Duration.ofSeconds(2))
              .progress(progress)
              .build();
      DownloadReport r = downloader.download(all, images);
      say(
          "   %d pictures: %d downloaded, %d already there, %d lost (%.1f s, %.0f pictures/s)",
          r.total(), r.downloaded(), r.skipped(), r.missing(), r.seconds(), r.imagesPerSecond());
      List<Long> perMirror = r.picturesPerMirror();
      for (int m = 0; m < perMirror.size(); m++) {
        say("   fetched from mirror %d: %d", m + 1, perMirror.get(m));
      }
      // Why the mirrors of the lost pictures failed, e.g. "NOT_FOUND 14, NOT_A_PICTURE 9".
      Map<String, Long> reasons =
          r.failures().stream()
              .flatMap(f -> f.mirrors().stream())
              .collect(
                  Collectors.groupingBy(m -> m.kind().name(), TreeMap::new, Collectors.counting()));
      say(
          "   dead mirrors of the lost pictures: %s",
          reasons.entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")));
      r.writeJson(data.resolveSibling("download-report.json"));
      return r;
    }
  }

  private void gallery(ImatDataset train, Path images, Path png) throws IOException {
    for (ImageRecord r : train.images()) {
      Path p = images.resolve(r.fileName());
      if (Files.exists(p)) {
        Image picture = BufferedImages.read(p);
        var grid =
            Gallery.builder()
                .augmenter(Augmenters.seedPipeline())
                .samples(15)
                .columns(4)
                .seed(options.seed())
                .build()
                .render(picture);
        Plots.writePng(grid, png);
        return;
      }
    }
  }

  private void printTable(Map<String, ErrorReport> reports) {
    List<Apparel> apparels =
        reports.values().iterator().next().perApparel().keySet().stream()
            .sorted(Comparator.comparing(Apparel::name))
            .toList();
    StringBuilder header = new StringBuilder(String.format("   %-22s %8s", "", "all"));
    apparels.forEach(a -> header.append(String.format(" %10s", a.name())));
    say("%s", header);
    reports.forEach(
        (name, r) -> {
          StringBuilder row = new StringBuilder(String.format("   %-22s %8.4f", name, r.score()));
          for (Apparel a : apparels) {
            var c = r.perApparel().get(a);
            row.append(String.format(" %10.4f", c == null ? Double.NaN : c.error()));
          }
          say("%s", row);
        });
  }

  private void say(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }
}
