package io.imat.examples.cli;

import io.imat.models.text.UrlTextModel;
import io.imat.models.text.UrlTokenizer;
import picocli.CommandLine.Option;

/** The options of the URL text model, shared by {@code text train} and {@code text leak}. */
final class TextModelOptions {
  @Option(
      names = "--epochs",
      defaultValue = "10",
      paramLabel = "N",
      description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--dim",
      defaultValue = "32",
      paramLabel = "D",
      description = "Embedding size (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(
      names = "--buckets",
      defaultValue = "262144",
      paramLabel = "B",
      description = "Hash buckets for n-gram features (default: ${DEFAULT-VALUE}).")
  int buckets;

  @Option(
      names = "--lr",
      defaultValue = "0.2",
      paramLabel = "R",
      description = "AdaGrad learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--word-ngrams",
      defaultValue = "2",
      paramLabel = "N",
      description = "Longest word n-gram (default: ${DEFAULT-VALUE}).")
  int wordNgrams;

  @Option(
      names = "--no-char-ngrams",
      description = "Use words only, without character 3- to 5-grams.")
  boolean noCharNgrams;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The configured model; bad values are usage errors. */
  UrlTextModel model() {
    try {
      UrlTokenizer.Builder tok = UrlTokenizer.builder().wordNgrams(wordNgrams);
      if (!noCharNgrams) {
        tok.charNgrams(3, 5);
      }
      return UrlTextModel.builder()
          .tokenizer(tok.build())
          .epochs(epochs)
          .dimension(dimension)
          .buckets(buckets)
          .learningRate(learningRate)
          .seed(seed)
          .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
