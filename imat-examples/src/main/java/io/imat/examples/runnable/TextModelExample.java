package io.imat.examples.runnable;

import io.imat.api.dataset.ImageRecord;
import io.imat.api.dataset.ImatDataset;
import io.imat.api.predict.Predictions;
import io.imat.api.progress.ProgressListener;
import io.imat.metrics.ErrorReport;
import io.imat.metrics.TopOneError;
import io.imat.models.text.LeakAnalysis;
import io.imat.models.text.TrainedUrlTextModel;
import io.imat.models.text.UrlTextModel;
import io.imat.models.text.UrlTokenizer;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The URL "leak": image URLs often name the attributes ({@code .../dress-midi-10.jpg}). Shows what
 * {@link UrlTokenizer} reads in a few URLs, trains the fastText-style {@link UrlTextModel} on
 * synthetic data, prints the per-task leak report ({@link LeakAnalysis}, out of fold) and compares
 * the text model's validation top-1 error with the majority answer (the training prior).
 *
 * <p>Run: {@code ./imat example text-model [DIR]} (DIR: working directory, default a new temporary
 * one). Writes the trained model to {@code DIR/text-model/}. Needs no pictures; a few seconds.
 */
public final class TextModelExample {
  private TextModelExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-text-");

    UrlTokenizer tokenizer = UrlTokenizer.defaults();
    for (String url :
        List.of(
            "http://images.example.com/Adidas%20Response%20II%20Wrestling%20Shoes%20Red.jpg",
            "https://cdn.example.net/p/NavyBlueDress18_5f3a9b2c0d.jpg",
            "http://www.shop.example.co.uk/women/dress-midi-10.jpg?size=large",
            "http://127.0.0.1:8642/m1/35/img_718861.jpg")) {
      System.out.println(url + "\n  words: " + tokenizer.words(url));
    }

    // The dataset lives in memory: the text model needs URLs and annotations, no pictures.
    SyntheticDataset synth = SyntheticDataset.builder().images(2000).seed(7).build();
    ImatDataset train = synth.train();
    ImageRecord first = train.image(0);
    List<String> features = tokenizer.features(first);
    System.out.printf(
        "%nimage %s: URLs %s%n  %d features, e.g. %s%n",
        first.id(), first.urls(), features.size(), features.subList(0, 8));

    System.out.println("\nHow much do the URLs leak? (5-fold out-of-fold text model)");
    System.out.print(
        LeakAnalysis.builder().folds(5).build().run(train, ProgressListener.none()).toTable());

    TrainedUrlTextModel text =
        UrlTextModel.builder().epochs(10).dimension(32).seed(42).build().train(train);
    text.save(work.resolve("text-model"));
    Predictions valid = text.predict(synth.validation()); // a row for every image
    Predictions prior = Predictions.priorsOnly(text.priors()); // no rows

    TopOneError metric = TopOneError.of(synth.validation());
    ErrorReport textReport = metric.score(valid);
    System.out.printf(
        "%nvalidation top-1 error over %d pairs: text model %.4f, majority answer %.4f%n",
        textReport.pairs(), textReport.score(), metric.score(prior).score());
    System.out.println("model saved to " + work.resolve("text-model"));
  }
}
