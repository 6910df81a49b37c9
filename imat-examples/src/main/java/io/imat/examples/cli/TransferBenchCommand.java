package io.imat.examples.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imat.examples.bench.Medians;
import io.imat.examples.transfer.TransferExperiment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code imat bench transfer}: pre-trained weights against random weights with the same budget on a
 * small target task ({@link TransferExperiment}), over several seeds.
 */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    description = {
      "Does fine-tuning from pretrained weights beat training from random weights? A small"
          + " network is pre-trained on the shoes and dresses of one synthetic dataset and saved"
          + " as Keras weights; the pants and outerwear of another (few training pictures) are"
          + " then learnt from random weights and from that file with the two-phase recipe, with"
          + " the same epochs. Prints the validation top-1 errors per seed and their medians."
    })
final class TransferBenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      paramLabel = "N",
      description = "Repetitions with seeds 1..N (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--epochs",
      defaultValue = "8",
      paramLabel = "N",
      description = "Epochs on the target task, both ways (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--target-train",
      defaultValue = "64",
      paramLabel = "N",
      description = "Target training pictures (default: ${DEFAULT-VALUE}).")
  int targetTrain;

  @Option(
      names = "--target-images",
      defaultValue = "600",
      paramLabel = "N",
      description =
          "Synthetic pictures drawn for the target task; its validation split scores both models"
              + " (default: ${DEFAULT-VALUE}).")
  int targetImages;

  @Option(
      names = "--source-images",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Synthetic pictures for the pre-training task (default: ${DEFAULT-VALUE}).")
  int sourceImages;

  @Option(
      names = "--source-epochs",
      defaultValue = "12",
      paramLabel = "N",
      description = "Epochs of pre-training (default: ${DEFAULT-VALUE}).")
  int sourceEpochs;

  @Option(
      names = "--batch",
      defaultValue = "8",
      paramLabel = "N",
      description = "Batch size everywhere (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--warmup-lr",
      defaultValue = "1e-2",
      paramLabel = "LR",
      description =
          "Warm-up learning rate of the pretrained start; 0 for the classifier's default"
              + " (default: ${DEFAULT-VALUE}).")
  double warmupLr;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      paramLabel = "LR",
      description =
          "Fine-tuning learning rate of the pretrained start; 0 for the classifier's default"
              + " (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--scratch-lr",
      defaultValue = "1e-2",
      paramLabel = "LR",
      description =
          "Learning rate from random weights; 0 for the classifier's default (default:"
              + " ${DEFAULT-VALUE}).")
  double scratchLr;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description = "PyTorch threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.human();
    out.printf(
        "%4s %8s %9s %11s %7s %6s %7s%n",
        "seed", "prior", "scratch", "pretrained", "train", "pairs", "s");
    JsonArray runs = new JsonArray();
    List<Double> scratch = new ArrayList<>();
    List<Double> pretrained = new ArrayList<>();
    List<Double> prior = new ArrayList<>();
    for (int s = 1; s <= seeds; s++) {
      Path work = Files.createTempDirectory("imat-bench-transfer-");
      TransferExperiment.Result r;
      try {
        r =
            TransferExperiment.builder()
                .seed(s)
                .epochs(epochs)
                .targetTrain(targetTrain)
                .sourceImages(sourceImages)
                .targetImages(targetImages)
                .sourceEpochs(sourceEpochs)
                .batchSize(batch)
                .pretrainedLearningRates(warmupLr, lr)
                .scratchLearningRate(scratchLr)
                .threads(threads)
                .build()
                .run(work);
      } finally {
        MoreFiles.deleteRecursively(work, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      out.printf(
          "%4d %8.4f %9.4f %11.4f %7d %6d %7.1f%n",
          s,
          r.priorError(),
          r.scratchError(),
          r.pretrainedError(),
          r.targetTrainImages(),
          r.validationPairs(),
          r.seconds());
      out.flush();
      scratch.add(r.scratchError());
      pretrained.add(r.pretrainedError());
      prior.add(r.priorError());
      JsonObject o = new JsonObject();
      o.addProperty("seed", s);
      o.addProperty("priorError", r.priorError());
      o.addProperty("scratchError", r.scratchError());
      o.addProperty("pretrainedError", r.pretrainedError());
      o.addProperty("targetTrainImages", r.targetTrainImages());
      o.addProperty("validationPairs", r.validationPairs());
      o.addProperty("seconds", r.seconds());
      runs.add(o);
    }
    double medScratch = Medians.of(scratch);
    double medPretrained = Medians.of(pretrained);
    out.printf(
        "median over %d seeds: prior %.4f, from random weights %.4f, from pretrained weights %.4f"
            + " (%d epochs, %d target training pictures)%n",
        seeds, Medians.of(prior), medScratch, medPretrained, epochs, targetTrain);
    out.flush();
    JsonObject json = new JsonObject();
    json.add("runs", runs);
    json.addProperty("medianPriorError", Medians.of(prior));
    json.addProperty("medianScratchError", medScratch);
    json.addProperty("medianPretrainedError", medPretrained);
    json.addProperty("epochs", epochs);
    common.printJson(json);
    return 0;
  }
}
