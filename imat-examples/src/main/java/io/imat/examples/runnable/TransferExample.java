package io.imat.examples.runnable;

import io.imat.examples.transfer.TransferExperiment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why the seed team started from ImageNet weights, in miniature: a small network pre-trained on a
 * related task (the shoes and dresses of one synthetic dataset) is saved in Keras' {@code
 * save_weights} layout, then fine-tuned on another task (pants and outerwear, few pictures) with
 * the two-phase recipe — head-only warm-up with the backbone frozen, then every layer at a lower
 * learning rate — and compared with the same budget from random weights ({@link
 * TransferExperiment}).
 *
 * <p>Run: {@code ./imat example transfer [DIR]} (DIR: working directory, default a new temporary
 * one). Writes two synthetic datasets and {@code pretrained_notop.h5} there. {@code ./imat bench
 * transfer} repeats it over seeds.
 */
public final class TransferExample {
  private TransferExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-transfer-");
    System.setProperty("ai.djl.offline", "true"); // DJL must never try the network

    TransferExperiment.Result r = TransferExperiment.builder().seed(1).build().run(work);
    System.out.printf(
        "target task: %d training pictures, %d validation pairs%n",
        r.targetTrainImages(), r.validationPairs());
    System.out.printf("top-1 error, majority answer:         %.4f%n", r.priorError());
    System.out.printf("top-1 error, from random weights:     %.4f%n", r.scratchError());
    System.out.printf("top-1 error, from pretrained weights: %.4f%n", r.pretrainedError());
    System.out.printf(
        "(%.0f s; the weights file: %s)%n", r.seconds(), work.resolve("pretrained_notop.h5"));
  }
}
