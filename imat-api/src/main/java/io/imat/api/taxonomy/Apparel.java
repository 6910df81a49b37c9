package io.imat.api.taxonomy;

import com.google.auto.value.AutoValue;
import com.google.common.base.Preconditions;

/**
 * A kind of product, the part of a task name before the colon: {@code shoe}, {@code dress}, {@code
 * pants}, {@code outerwear} in iMaterialist 2017. Custom taxonomies may name others.
 */
@AutoValue
public abstract class Apparel implements Comparable<Apparel> {
  /** Shoes: 14 tasks in iMaterialist 2017. */
  public static final Apparel SHOE = of("shoe");

  /** Dresses: 11 tasks in iMaterialist 2017. */
  public static final Apparel DRESS = of("dress");

  /** Pants: 10 tasks in iMaterialist 2017. */
  public static final Apparel PANTS = of("pants");

  /** Outerwear: 10 tasks in iMaterialist 2017. */
  public static final Apparel OUTERWEAR = of("outerwear");

  Apparel() {}

  /** The apparel called {@code name} (non-empty, no colon). */
  public static Apparel of(String name) {
    Preconditions.checkArgument(
        !name.isEmpty() && name.indexOf(':') < 0, "bad apparel name: '%s'", name);
    return new AutoValue_Apparel(name);
  }

  /** The name, e.g. {@code shoe}. */
  public abstract String name();

  @Override
  public int compareTo(Apparel other) {
    return name().compareTo(other.name());
  }

  @Override
  public final String toString() {
    return name();
  }
}
