package io.imat.augment.image;

import java.util.Arrays;

/**
 * Turns an {@link Image} into the normalised {@code float} CHW array a network eats: {@code out[c]
 * = (v[c]·scale − mean[c]) / std[c]}, optionally with the channels reversed (RGB to BGR) first.
 * Presets reproduce Keras' {@code preprocess_input} modes: {@link #caffe()} (ResNet-50) and {@link
 * #tf()} (Inception v3, Xception); {@link #torch()} is torchvision's ImageNet normalisation.
 * Immutable and thread-safe.
 */
public final class Preprocessing {
  private final boolean reverseChannels;
  private final float scale;
  private final float[] mean;
  private final float[] invStd;

  private Preprocessing(Builder b) {
    this.reverseChannels = b.reverseChannels;
    this.scale = (float) b.scale;
    this.mean = toFloats(b.mean);
    this.invStd = new float[b.std.length];
    for (int c = 0; c < b.std.length; c++) {
      invStd[c] = (float) (1.0 / b.std[c]);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /**
   * Keras {@code mode='caffe'}: RGB to BGR, then subtract the ImageNet BGR means {@code (103.939,
   * 116.779, 123.68)}; no scaling. Used by ResNet-50.
   */
  public static Preprocessing caffe() {
    return builder().reverseChannels(true).mean(103.939, 116.779, 123.68).build();
  }

  /** Keras {@code mode='tf'}: scale to {@code [-1, 1]} ({@code v/127.5 − 1}). */
  public static Preprocessing tf() {
    return builder().scale(1 / 127.5).mean(1.0).build();
  }

  /**
   * Keras {@code mode='torch'} / torchvision: {@code v/255}, then ImageNet mean {@code (0.485,
   * 0.456, 0.406)} and std {@code (0.229, 0.224, 0.225)}.
   */
  public static Preprocessing torch() {
    return builder().scale(1 / 255.0).mean(0.485, 0.456, 0.406).std(0.229, 0.224, 0.225).build();
  }

  /** A builder starting from the identity (scale 1, mean 0, std 1, channels kept). */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of floats {@link #toChw(Image)} returns for {@code image}. */
  public static int length(Image image) {
    return image.width() * image.height() * image.channels();
  }

  /** {@code image} as a new normalised CHW array. */
  public float[] toChw(Image image) {
    float[] out = new float[length(image)];
    toChw(image, out, 0);
    return out;
  }

  /**
   * Writes {@code image} normalised in CHW order into {@code dst} from {@code offset}, e.g. into
   * one slot of a batch tensor.
   *
   * @throws IllegalArgumentException if mean/std were given per channel for another channel count
   * @throws IndexOutOfBoundsException if {@code dst} is too short
   */
  public void toChw(Image image, float[] dst, int offset) {
    int ch = image.channels();
    checkChannels(mean.length, ch, "mean");
    checkChannels(invStd.length, ch, "std");
    int plane = image.width() * image.height();
    if (offset < 0 || offset + plane * ch > dst.length) {
      throw new IndexOutOfBoundsException(
          "need " + plane * ch + " floats from " + offset + ", array has " + dst.length);
    }
    byte[] src = image.data;
    for (int c = 0; c < ch; c++) {
      int from = reverseChannels ? ch - 1 - c : c;
      // Precompute the 256 possible outputs: one lookup per value instead of three operations.
      float m = mean[mean.length == 1 ? 0 : c];
      float k = invStd[invStd.length == 1 ? 0 : c];
      float[] lut = new float[256];
      for (int v = 0; v < 256; v++) {
        lut[v] = (v * scale - m) * k;
      }
      int base = offset + c * plane;
      for (int p = 0, i = from; p < plane; p++, i += ch) {
        dst[base + p] = lut[src[i] & 0xFF];
      }
    }
  }

  private static void checkChannels(int given, int channels, String what) {
    if (given != 1 && given != channels) {
      throw new IllegalArgumentException(
          what + " has " + given + " values for a " + channels + "-channel image");
    }
  }

  @Override
  public String toString() {
    return "Preprocessing[reverse="
        + reverseChannels
        + ", scale="
        + scale
        + ", mean="
        + Arrays.toString(mean)
        + ", 1/std="
        + Arrays.toString(invStd)
        + "]";
  }

  /** Configures a {@link Preprocessing}. */
  public static final class Builder {
    private boolean reverseChannels;
    private double scale = 1;
    private double[] mean = {0};
    private double[] std = {1};

    private Builder() {}

    /** Whether to reverse the channel order (RGB to BGR) before normalising. */
    public Builder reverseChannels(boolean reverse) {
      this.reverseChannels = reverse;
      return this;
    }

    /** Factor applied to the raw 0–255 value before the mean is subtracted. */
    public Builder scale(double scale) {
      if (!Double.isFinite(scale) || scale == 0) {
        throw new IllegalArgumentException("scale must be finite and non-zero, got " + scale);
      }
      this.scale = scale;
      return this;
    }

    /**
     * Mean subtracted after scaling: one value for all channels or one per channel (in output
     * order, i.e. after any reversal).
     */
    public Builder mean(double... mean) {
      if (mean.length == 0) {
        throw new IllegalArgumentException("mean needs at least one value");
      }
      for (double m : mean) {
        if (!Double.isFinite(m)) {
          throw new IllegalArgumentException("mean must be finite, got " + Arrays.toString(mean));
        }
      }
      this.mean = mean.clone();
      return this;
    }

    /** Standard deviation divided by: one value for all channels or one per channel, all > 0. */
    public Builder std(double... std) {
      if (std.length == 0) {
        throw new IllegalArgumentException("std needs at least one value");
      }
      for (double s : std) {
        if (!(s > 0) || !Double.isFinite(s)) {
          throw new IllegalArgumentException(
              "std must be finite and > 0, got " + Arrays.toString(std));
        }
      }
      this.std = std.clone();
      return this;
    }

    /** The configured preprocessing. */
    public Preprocessing build() {
      return new Preprocessing(this);
    }
  }
}
