package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.testing.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat synth}: writes a synthetic dataset in the iMaterialist file layout. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic iMaterialist-like dataset: train/validation/test JSON files, taxonomy"
          + " files, pictures under DIR/images/<imageId>.jpg and synth.json (the dead and flaky"
          + " URLs that 'imat serve' reproduces)."
    })
final class SynthCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--images",
      defaultValue = "600",
      paramLabel = "N",
      description = "Images over all splits (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--port",
      defaultValue = "8642",
      paramLabel = "P",
      description = "Port in the URLs, where 'imat serve' listens (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--image-size",
      defaultValue = "128",
      paramLabel = "PX",
      description = "Nominal picture side (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(
      names = "--dead",
      defaultValue = "0.04",
      paramLabel = "F",
      description = "Fraction of images with every mirror dead (default: ${DEFAULT-VALUE}).")
  double dead;

  @Option(
      names = "--flaky",
      defaultValue = "0.06",
      paramLabel = "F",
      description =
          "Fraction of images with a misbehaving first mirror (default: ${DEFAULT-VALUE}).")
  double flaky;

  @Override
  public Integer call() throws Exception {
    SyntheticDataset synth;
    try {
      synth =
          SyntheticDataset.builder()
              .images(images)
              .seed(seed)
              .baseUrl("http://127.0.0.1:" + port)
              .imageSize(imageSize)
              .deadFraction(dead)
              .flakyFraction(flaky)
              .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    synth.write(out, new ConsoleProgress(common.err()));
    long gone =
        synth.testTruth().images().stream().filter(i -> synth.isGone(i.id())).count()
            + synth.train().images().stream().filter(i -> synth.isGone(i.id())).count()
            + synth.validation().images().stream().filter(i -> synth.isGone(i.id())).count();
    common
        .human()
        .printf(
            "wrote %s: %d train, %d validation, %d test images (%d gone for good, %d faulty"
                + " URLs), %d tasks, %d labels%n",
            out,
            synth.train().size(),
            synth.validation().size(),
            synth.test().size(),
            gone,
            synth.faults().size(),
            synth.taxonomy().taskCount(),
            synth.taxonomy().labelCount());
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("train", synth.train().size());
    json.addProperty("validation", synth.validation().size());
    json.addProperty("test", synth.test().size());
    json.addProperty("gone", gone);
    json.addProperty("faultyUrls", synth.faults().size());
    json.addProperty("tasks", synth.taxonomy().taskCount());
    json.addProperty("labels", synth.taxonomy().labelCount());
    json.addProperty("baseUrl", synth.manifest().baseUrl());
    common.printJson(json);
    return 0;
  }
}
