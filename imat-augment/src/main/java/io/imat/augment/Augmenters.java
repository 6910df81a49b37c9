package io.imat.augment;

import io.imat.augment.blur.GaussianBlur;
import io.imat.augment.geometric.Affine;
import io.imat.augment.geometric.CenterCrop;
import io.imat.augment.geometric.Crop;
import io.imat.augment.geometric.Flip;
import io.imat.augment.geometric.Resize;
import io.imat.augment.meta.OneOf;
import io.imat.augment.meta.Sequential;
import io.imat.augment.meta.SomeOf;
import io.imat.augment.meta.Sometimes;
import io.imat.augment.meta.Stepwise;
import io.imat.augment.pixel.AdditiveGaussianNoise;
import io.imat.augment.pixel.LinearContrast;
import io.imat.augment.pixel.Multiply;
import java.util.List;

/**
 * Short names for the common augmenters, in imgaug's vocabulary, and the seed team's pipeline.
 * Every factory here returns a ready {@link Augmenter}; the classes behind them (in {@code
 * geometric}, {@code pixel}, {@code blur}, {@code meta}) offer the full options through their
 * builders: {@code Affine.builder()} ({@code iaa.Affine}: scale, translate, rotate, shear), {@code
 * Crop.builder()}, {@code AdditiveGaussianNoise.builder()}, …
 *
 * <pre>{@code
 * Augmenter aug = Augmenters.sequential(
 *     Augmenters.cropPercent(0, 0.1),
 *     Augmenters.fliplr(0.5),
 *     Augmenters.sometimes(0.5, Augmenters.gaussianBlur(0, 1)));
 * }</pre>
 */
public final class Augmenters {
  private Augmenters() {}

  /**
   * The seed team's imgaug pipeline, in their order: {@code Crop(percent=(0, 0.1))}, {@code
   * Fliplr(0.5)}, {@code Affine(scale=(0.9, 1.1), rotate=(-15, 15), shear=(-8, 8))}, {@code
   * AdditiveGaussianNoise(scale=(0, 0.05·255))}, {@code GaussianBlur(sigma=(0, 1))}, {@code
   * LinearContrast((0.75, 1.25))}. Crop, flip and affine render as one warp.
   */
  public static Augmenter seedPipeline() {
    return sequential(
        cropPercent(0, 0.1),
        fliplr(0.5),
        Affine.builder().scale(0.9, 1.1).rotate(-15, 15).shear(-8, 8).build(),
        additiveGaussianNoise(0, 0.05 * 255),
        gaussianBlur(0, 1),
        linearContrast(0.75, 1.25));
  }

  /** Names accepted by {@link #pipeline(String)}, e.g. for a {@code --pipeline} option. */
  public static List<String> pipelineNames() {
    return List.of("seed", "none");
  }

  /**
   * A ready-made pipeline by name: {@code "seed"} ({@link #seedPipeline()}) or {@code "none"} (the
   * identity).
   *
   * @throws IllegalArgumentException naming the known pipelines for any other name
   */
  public static Augmenter pipeline(String name) {
    switch (name) {
      case "seed":
        return seedPipeline();
      case "none":
        return sequential();
      default:
        throw new IllegalArgumentException(
            "unknown pipeline '" + name + "'; known: " + String.join(", ", pipelineNames()));
    }
  }

  /** Children applied in order ({@code iaa.Sequential}). */
  public static Sequential sequential(Augmenter... children) {
    return Sequential.of(children);
  }

  /** Children applied in a random order per image ({@code random_order=True}). */
  public static Sequential sequentialRandomOrder(Augmenter... children) {
    return Sequential.inRandomOrder(List.of(children));
  }

  /**
   * {@code augmenter} with every geometric step resampled on its own, as imgaug does: imgaug
   * 0.4.0's bytes for whole chains (a resized crop then a rotation), one pass per resampling step.
   * Without it, consecutive resampling steps are fused into one warp: faster and sharper, slightly
   * different pixels (the module README gives the measured difference).
   */
  public static Stepwise stepwise(Augmenter augmenter) {
    return Stepwise.of(augmenter);
  }

  /** {@code then} on a fraction {@code p} of the images ({@code iaa.Sometimes}). */
  public static Sometimes sometimes(double p, Augmenter then) {
    return Sometimes.of(p, then);
  }

  /** Exactly {@code n} of {@code children} per image ({@code iaa.SomeOf}). */
  public static SomeOf someOf(int n, Augmenter... children) {
    return SomeOf.exactly(n, children);
  }

  /** One of {@code children} per image ({@code iaa.OneOf}). */
  public static OneOf oneOf(Augmenter... children) {
    return OneOf.of(children);
  }

  /** Crops each side by a fraction in {@code [lo, hi]}, resized back ({@code iaa.Crop}). */
  public static Crop cropPercent(double lo, double hi) {
    return Crop.builder().percent(lo, hi).build();
  }

  /** Crops each side by {@code lo..hi} pixels, resized back ({@code iaa.Crop(px=…)}). */
  public static Crop cropPx(int lo, int hi) {
    return Crop.builder().px(lo, hi).build();
  }

  /** Left–right mirror with probability {@code p} ({@code iaa.Fliplr}). */
  public static Flip fliplr(double p) {
    return Flip.horizontal(p);
  }

  /** Top–bottom mirror with probability {@code p} ({@code iaa.Flipud}). */
  public static Flip flipud(double p) {
    return Flip.vertical(p);
  }

  /** Gaussian noise with σ in {@code [lo, hi]} ({@code iaa.AdditiveGaussianNoise}). */
  public static AdditiveGaussianNoise additiveGaussianNoise(double lo, double hi) {
    return AdditiveGaussianNoise.builder().scale(lo, hi).build();
  }

  /** Gaussian blur with σ in {@code [lo, hi]} ({@code iaa.GaussianBlur}). */
  public static GaussianBlur gaussianBlur(double lo, double hi) {
    return GaussianBlur.of(lo, hi);
  }

  /** Contrast factor in {@code [lo, hi]} ({@code iaa.LinearContrast}). */
  public static LinearContrast linearContrast(double lo, double hi) {
    return LinearContrast.of(lo, hi);
  }

  /** Brightness factor in {@code [lo, hi]} ({@code iaa.Multiply}). */
  public static Multiply multiply(double lo, double hi) {
    return Multiply.of(lo, hi);
  }

  /**
   * Resize to {@code width × height} ({@code iaa.Resize}), with imgaug's default interpolation,
   * cubic; {@link Resize#to(int, int, io.imat.augment.image.Interpolation)} chooses another.
   */
  public static Resize resize(int width, int height) {
    return Resize.to(width, height);
  }

  /** The central {@code width × height} window ({@code iaa.CenterCropToFixedSize}). */
  public static CenterCrop centerCrop(int width, int height) {
    return CenterCrop.of(width, height);
  }
}
