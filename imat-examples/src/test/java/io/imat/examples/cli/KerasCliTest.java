package io.imat.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasCliTest {
  @TempDir Path dir;

  @Test
  void backbonesJsonHasKerasParameterCounts() throws Exception {
    CliRun r = CliRun.of("backbones", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.getAsJsonObject("resnet50").get("params").getAsLong()).isEqualTo(23_587_712L);
    assertThat(o.getAsJsonObject("inception_v3").get("params").getAsLong()).isEqualTo(21_802_784L);
    assertThat(o.getAsJsonObject("xception").get("params").getAsLong()).isEqualTo(20_861_480L);
    assertThat(o.getAsJsonObject("resnet50").get("preprocessing").getAsString()).isEqualTo("caffe");
    assertThat(o.getAsJsonObject("xception").get("preprocessing").getAsString()).isEqualTo("tf");
    assertThat(o.getAsJsonObject("inception_v3").get("defaultSize").getAsInt()).isEqualTo(299);
    assertThat(o.getAsJsonObject("xception").get("featureSize").getAsInt()).isEqualTo(2048);
    assertThat(o.getAsJsonObject("inception_v3").get("layers").getAsInt()).isEqualTo(188);
  }

  // Only conv1_conv of a ResNet50, in Keras' save_weights layout.
  Path partialResNet50Weights() {
    Path file = dir.resolve("conv1_only.h5");
    Random r = new Random(1);
    float[][][][] kernel = new float[7][7][3][64];
    for (float[][][] a : kernel) {
      for (float[][] b : a) {
        for (float[] c : b) {
          for (int i = 0; i < c.length; i++) {
            c[i] = (float) r.nextGaussian() * 0.01f;
          }
        }
      }
    }
    try (WritableHdfFile f = HdfFile.write(file)) {
      f.putAttribute("layer_names", new String[] {"conv1_conv"});
      WritableGroup g = f.putGroup("conv1_conv");
      g.putAttribute("weight_names", new String[] {"conv1_conv/kernel:0", "conv1_conv/bias:0"});
      WritableGroup inner = g.putGroup("conv1_conv");
      inner.putDataset("kernel:0", kernel);
      inner.putDataset("bias:0", new float[64]);
    }
    return file;
  }

  Path picture(int side) throws java.io.IOException {
    Path p = dir.resolve("picture.png");
    Image img = Image.generate(side, side, 3, (x, y, c) -> (x * 7 + y * 3 + c * 50) % 256);
    BufferedImages.write(BufferedImages.toBufferedImage(img), "png", p);
    return p;
  }

  @Test
  void embedPrintsPooledFeaturesAndReportsWhatWasLoaded() throws Exception {
    CliRun r =
        CliRun.of(
            "embed",
            "--backbone",
            "resnet50",
            "--weights",
            partialResNet50Weights().toString(),
            "--image",
            picture(64).toString(),
            "--allow-missing",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.getAsJsonArray("features")).hasSize(2048);
    assertThat(o.get("loadedTensors").getAsInt()).isEqualTo(2);
    assertThat(o.get("missing").getAsInt()).isPositive();
    o.getAsJsonArray("features")
        .forEach(v -> assertThat(Double.isFinite(v.getAsDouble())).isTrue());
  }

  @Test
  void embedFailsInOneLineOnIncompleteWeightsAndBadUsage() throws Exception {
    CliRun r =
        CliRun.of(
            "embed",
            "--backbone",
            "resnet50",
            "--weights",
            partialResNet50Weights().toString(),
            "--image",
            picture(64).toString(),
            "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("conv1_only.h5").contains("not in the file");

    CliRun unknown =
        CliRun.of(
            "embed", "--backbone", "vgg16", "--weights", "w.h5", "--image", "p.png", "--json");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown backbone 'vgg16'");
  }
}
