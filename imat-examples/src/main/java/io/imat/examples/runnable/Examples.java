package io.imat.examples.runnable;

import java.util.List;
import java.util.Optional;

/**
 * The runnable examples by name, for {@code imat example NAME [args...]} and {@code imat example
 * --list}. Each is a class with a {@code main} in this package, readable on its own.
 */
public final class Examples {
  private Examples() {}

  /** The {@code main} of an example. */
  @FunctionalInterface
  public interface Main {
    /** Runs the example with its command-line arguments. */
    void run(String[] args) throws Exception;
  }

  /**
   * One example.
   *
   * @param name the name {@code imat example} knows it by
   * @param arguments its optional arguments, as a usage string
   * @param description what it shows, in one line
   * @param type the example class
   * @param main its {@code main}
   */
  public record Example(
      String name, String arguments, String description, Class<?> type, Main main) {}

  /** Every example, in reading order. */
  public static final List<Example> ALL =
      List.of(
          new Example(
              "download",
              "[DIR]",
              "serve a synthetic dataset with dead and flaky mirrors, download it, print the report",
              DownloadExample.class,
              DownloadExample::main),
          new Example(
              "augment",
              "[DIR [PICTURE]]",
              "the seed augmentation pipeline as a gallery; a custom pipeline moving keypoints",
              AugmentExample.class,
              AugmentExample::main),
          new Example(
              "train",
              "[DIR]",
              "train ResNet-18 (plateau LR), print the history, predict with TTA, save, load",
              TrainExample.class,
              TrainExample::main),
          new Example(
              "transfer",
              "[DIR]",
              "pre-train on a related task, save Keras weights, fine-tune in two phases vs scratch",
              TransferExample.class,
              TransferExample::main),
          new Example(
              "cross-validation",
              "[DIR]",
              "3 stratified folds: out-of-fold predictions, averaged test predictions, fold report",
              CrossValidationExample.class,
              CrossValidationExample::main),
          new Example(
              "text-model",
              "[DIR]",
              "URL tokenizer, URL text model, per-task leak report, score against the prior",
              TextModelExample.class,
              TextModelExample::main),
          new Example(
              "merge",
              "[DIR]",
              "image + text predictions merged, weights fitted on validation, scores before/after",
              MergeExample.class,
              MergeExample::main),
          new Example(
              "keras",
              "[WEIGHTS_notop.h5 | DIR]",
              "Keras backbone parameter counts; import Keras .h5 weights and print the report",
              KerasWeightsExample.class,
              KerasWeightsExample::main),
          new Example(
              "savedmodel",
              "[SAVED_MODEL_DIR] [DIR]",
              "run a TensorFlow SavedModel as feature extractor and classifier (TensorFlow engine)",
              SavedModelExample.class,
              SavedModelExample::main),
          new Example(
              "submission",
              "[DIR]",
              "predictions -> submission.csv (priors for lost pictures) -> read back -> top-1 error",
              SubmissionExample.class,
              SubmissionExample::main));

  /** The example called {@code name}. */
  public static Optional<Example> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
