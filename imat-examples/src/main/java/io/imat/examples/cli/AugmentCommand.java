package io.imat.examples.cli;

import com.google.gson.JsonObject;
import io.imat.augment.Augmenters;
import io.imat.augment.gallery.Gallery;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.examples.plots.Plots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imat augment}: a gallery of augmented samples of one picture. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description =
        "Write a grid of augmented samples of one picture (the original first) as a PNG gallery.")
final class AugmentCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--in", required = true, paramLabel = "PICTURE", description = "The picture.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "GALLERY.png", description = "The grid.")
  Path out;

  @Option(
      names = "--pipeline",
      defaultValue = "seed",
      paramLabel = "NAME",
      description = "Augmentation pipeline: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      completionCandidates = PipelineNames.class)
  String pipeline;

  @Option(
      names = "--n",
      defaultValue = "16",
      paramLabel = "N",
      description = "Augmented samples (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    Gallery gallery;
    try {
      gallery =
          Gallery.builder().augmenter(Augmenters.pipeline(pipeline)).samples(n).seed(seed).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (!Files.isRegularFile(in)) {
      throw CliException.failure(in + ": no such file");
    }
    Image picture = BufferedImages.read(in);
    Plots.writePng(gallery.render(picture), out);
    common
        .human()
        .printf("wrote %s: %d samples of %s, pipeline %s, seed %d%n", out, n, in, pipeline, seed);
    common.human().flush();
    JsonObject json = new JsonObject();
    json.addProperty("out", out.toString());
    json.addProperty("samples", n);
    json.addProperty("pipeline", pipeline);
    json.addProperty("width", picture.width());
    json.addProperty("height", picture.height());
    common.printJson(json);
    return 0;
  }

  /** The pipeline names, for help and completion. */
  static final class PipelineNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Augmenters.pipelineNames().iterator();
    }
  }
}
