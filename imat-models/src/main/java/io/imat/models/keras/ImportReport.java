package io.imat.models.keras;

import com.google.auto.value.AutoValue;
import com.google.common.collect.ImmutableList;

/**
 * What a Keras weight import did: how many layers and tensors were written, and which tensors had
 * no counterpart. Tensors are named {@code layer/weight}, e.g. {@code conv1_conv/kernel}, with the
 * network's layer names for {@link #missing()} and the file's for {@link #unused()}.
 */
@AutoValue
public abstract class ImportReport {
  ImportReport() {}

  static ImportReport of(
      String file,
      int layers,
      int tensors,
      long values,
      boolean classicResNetNames,
      ImmutableList<String> missing,
      ImmutableList<String> unused) {
    return new AutoValue_ImportReport(
        file, layers, tensors, values, classicResNetNames, missing, unused);
  }

  /** The weight file. */
  public abstract String file();

  /** Layers whose weights were written. */
  public abstract int loadedLayers();

  /** Tensors written. */
  public abstract int loadedTensors();

  /** Numbers written. */
  public abstract long loadedValues();

  /** Whether the file used the classic keras-applications ResNet names ({@code res2a_branch2a}). */
  public abstract boolean classicResNetNames();

  /** Network tensors the file has no value for (they keep their initial values). */
  public abstract ImmutableList<String> missing();

  /** File tensors the network has no place for (e.g. the classifier of an include_top file). */
  public abstract ImmutableList<String> unused();

  /** Whether every network tensor got a value and every file tensor was used. */
  public boolean isComplete() {
    return missing().isEmpty() && unused().isEmpty();
  }

  /** One line: counts and the first few missing and unused tensors. */
  public String summary() {
    StringBuilder sb =
        new StringBuilder()
            .append(file())
            .append(": ")
            .append(loadedTensors())
            .append(" tensors (")
            .append(loadedValues())
            .append(" values) in ")
            .append(loadedLayers())
            .append(" layers");
    if (classicResNetNames()) {
      sb.append(", classic ResNet names");
    }
    if (!missing().isEmpty()) {
      sb.append("; missing ").append(missing().size()).append(": ").append(sample(missing()));
    }
    if (!unused().isEmpty()) {
      sb.append("; unused ").append(unused().size()).append(": ").append(sample(unused()));
    }
    return sb.toString();
  }

  static String sample(ImmutableList<String> names) {
    int n = Math.min(names.size(), 5);
    String s = String.join(", ", names.subList(0, n));
    return names.size() > n ? s + ", …" : s;
  }
}
