package io.imat.models.train;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.imat.api.io.AtomicFiles;
import io.imat.api.io.InvalidDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The per-epoch record of a training run, and which epoch was kept (lowest validation top-1 error).
 * Saved as {@code history.json}: {@code {"bestEpoch":3,"epochs":[{"epoch":1,"phase":"warmup",
 * "warmup":true,"trainLoss":…,"validationLoss":…,"validationError":…,"learningRate":…,"seconds":…,
 * "images":…,"skippedPictures":…,"unreadablePictures":…},…]}}.
 */
public final class TrainingHistory {
  private final ImmutableList<EpochStats> epochs;
  private final int bestEpoch;

  /** A history; {@code bestEpoch} is 0 when none was chosen. */
  public TrainingHistory(List<EpochStats> epochs, int bestEpoch) {
    this.epochs = ImmutableList.copyOf(epochs);
    this.bestEpoch = bestEpoch;
  }

  /** The epochs, in order. */
  public ImmutableList<EpochStats> epochs() {
    return epochs;
  }

  /** The epoch whose weights were kept (1-based), or 0. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The stats of the kept epoch. */
  public Optional<EpochStats> best() {
    return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst();
  }

  /**
   * One line per epoch (phase, losses, validation error, learning rate, speed), the kept one
   * marked.
   */
  public String toTable() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                "%5s %7s %10s %10s %9s %9s %7s%n",
                "epoch", "phase", "train loss", "val loss", "val err", "lr", "img/s"));
    for (EpochStats e : epochs) {
      sb.append(
          String.format(
              "%5d %7s %10.4f %10.4f %9.4f %9.2g %7.1f%s%n",
              e.epoch(),
              e.warmup() ? "warm-up" : "tune",
              e.trainLoss(),
              e.validationLoss(),
              e.validationError(),
              e.learningRate(),
              e.imagesPerSecond(),
              e.epoch() == bestEpoch ? "  <- kept" : ""));
    }
    return sb.toString();
  }

  /** The JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("bestEpoch", bestEpoch);
    JsonArray a = new JsonArray();
    for (EpochStats e : epochs) {
      JsonObject x = new JsonObject();
      x.addProperty("epoch", e.epoch());
      x.addProperty("phase", e.phase());
      x.addProperty("warmup", e.warmup());
      addNumber(x, "trainLoss", e.trainLoss());
      addNumber(x, "validationLoss", e.validationLoss());
      addNumber(x, "validationError", e.validationError());
      x.addProperty("learningRate", e.learningRate());
      x.addProperty("seconds", e.seconds());
      x.addProperty("images", e.images());
      x.addProperty("skippedPictures", e.skippedPictures());
      x.addProperty("unreadablePictures", e.unreadablePictures());
      a.add(x);
    }
    o.add("epochs", a);
    return o;
  }

  /** Writes {@code history.json}-style JSON atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads what {@link #write} wrote. */
  public static TrainingHistory read(Path file) throws IOException {
    try {
      return fromJson(JsonParser.parseString(Files.readString(file)).getAsJsonObject());
    } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
      throw new InvalidDataException(
          file.toString(), "", "not a training history: " + InvalidDataException.reason(e), e);
    }
  }

  /** Parses the JSON form. */
  public static TrainingHistory fromJson(JsonObject o) {
    ImmutableList.Builder<EpochStats> b = ImmutableList.builder();
    for (JsonElement el : o.getAsJsonArray("epochs")) {
      JsonObject x = el.getAsJsonObject();
      b.add(
          EpochStats.of(
              x.get("epoch").getAsInt(),
              x.get("warmup").getAsBoolean(),
              number(x, "trainLoss"),
              number(x, "validationLoss"),
              number(x, "validationError"),
              x.get("learningRate").getAsDouble(),
              x.get("seconds").getAsDouble(),
              x.get("images").getAsInt(),
              x.get("skippedPictures").getAsInt(),
              x.has("unreadablePictures") ? x.get("unreadablePictures").getAsInt() : 0));
    }
    return new TrainingHistory(b.build(), o.get("bestEpoch").getAsInt());
  }

  // JSON has no NaN: absent values are written as null.
  private static void addNumber(JsonObject o, String key, double v) {
    if (Double.isFinite(v)) {
      o.addProperty(key, v);
    } else {
      o.add(key, com.google.gson.JsonNull.INSTANCE);
    }
  }

  private static double number(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
  }
}
