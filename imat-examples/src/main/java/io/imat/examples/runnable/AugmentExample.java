package io.imat.examples.runnable;

import io.imat.augment.Augmenter;
import io.imat.augment.Augmenters;
import io.imat.augment.Sample;
import io.imat.augment.gallery.Gallery;
import io.imat.augment.geometric.Affine;
import io.imat.augment.geometry.Keypoint;
import io.imat.augment.image.BufferedImages;
import io.imat.augment.image.Image;
import io.imat.augment.param.Param;
import io.imat.testing.synth.SyntheticDataset;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * imgaug-style augmentation: the seed team's pipeline ({@link Augmenters#seedPipeline()}) as a
 * gallery, then a custom pipeline (crop, flip, affine, noise, blur, contrast) applied to a picture
 * with keypoints, which move exactly with the pixels under them.
 *
 * <p>Run: {@code ./imat example augment [DIR [PICTURE]]} (DIR: working directory, default a new
 * temporary one; PICTURE: any JPEG/PNG, default a synthetic garment). Writes {@code
 * DIR/seed-gallery.png} and {@code DIR/keypoints.png}.
 */
public final class AugmentExample {
  private AugmentExample() {}

  /** Runs the example; the arguments are those the class comment lists. */
  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("imat-augment-");
    Image picture =
        args.length > 1
            ? BufferedImages.read(Path.of(args[1]))
            : BufferedImages.toImage(SyntheticDataset.builder().imageSize(160).build().render("2"));
    System.out.println("picture: " + picture);

    // 1. The seed pipeline: the original, then 11 augmented versions (seed 7, elements 0..10).
    Gallery gallery =
        Gallery.builder()
            .augmenter(Augmenters.seedPipeline())
            .samples(11)
            .columns(4)
            .seed(7)
            .build();
    BufferedImages.write(gallery.render(picture), "png", work.resolve("seed-gallery.png"));

    // 2. A custom, stronger pipeline. Crop, flip and affine are fused into a single warp.
    Augmenter custom =
        Augmenters.sequential(
            Augmenters.cropPercent(0, 0.15),
            Augmenters.fliplr(0.5),
            Affine.builder()
                .scale(0.8, 1.2)
                .rotate(-30, 30)
                .shear(-10, 10)
                .translatePercent(Param.uniform(-0.1, 0.1), Param.uniform(-0.1, 0.1))
                .build(),
            Augmenters.additiveGaussianNoise(0, 0.08 * 255),
            Augmenters.sometimes(0.5, Augmenters.gaussianBlur(0.5, 1.5)),
            Augmenters.linearContrast(0.6, 1.4));

    // Two keypoints (red dots), on the diagonal of the picture: they follow every warp.
    int w = picture.width();
    int h = picture.height();
    List<Keypoint> points = List.of(Keypoint.of(0.3 * w, 0.3 * h), Keypoint.of(0.7 * w, 0.7 * h));
    Sample sample = Sample.of(picture, points, List.of());

    int n = 6;
    BufferedImage strip = new BufferedImage(n * w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = strip.createGraphics();
    for (int i = 0; i < n; i++) {
      Sample out = i == 0 ? sample : custom.augment(sample, 7, i); // element i of a batch, seed 7
      BufferedImage tile = BufferedImages.toBufferedImage(out.image());
      g.drawImage(tile, i * w, 0, null);
      g.setColor(Color.RED);
      for (Keypoint k : out.keypoints()) {
        g.fillOval(i * w + (int) k.x() - 3, (int) k.y() - 3, 7, 7);
      }
      System.out.printf(
          "sample %d keypoints: %s%n",
          i,
          out.keypoints().stream().map(k -> String.format("(%.0f, %.0f)", k.x(), k.y())).toList());
    }
    g.dispose();
    BufferedImages.write(strip, "png", work.resolve("keypoints.png"));
    System.out.println("wrote " + work.resolve("seed-gallery.png") + " and keypoints.png");
  }
}
