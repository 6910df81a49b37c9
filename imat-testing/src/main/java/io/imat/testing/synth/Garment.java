package io.imat.testing.synth;

import io.imat.api.taxonomy.Apparel;

/**
 * What one synthetic picture shows, in canonical values (see {@link SyntheticTaxonomy}). {@code
 * length} is empty for shoes.
 */
record Garment(
    Apparel apparel, String colour, String pattern, String length, String gender, String age) {

  /** The canonical value of {@code attribute} ({@code color}, {@code pattern}, ...). */
  String value(String attribute) {
    return switch (attribute) {
      case "color" -> colour;
      case "pattern" -> pattern;
      case "length" -> length;
      case "gender" -> gender;
      case "age" -> age;
      default -> throw new IllegalArgumentException("unknown attribute " + attribute);
    };
  }
}
