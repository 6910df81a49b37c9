package io.imat.testing.synth;

import com.google.common.collect.ImmutableList;
import io.imat.api.taxonomy.Apparel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Invents product-page style file names that, like the real iMaterialist URLs, sometimes name the
 * attributes ({@code .../womens-navy-blue-midi-dress-10.jpg}), in several spellings: kebab case,
 * percent-escaped Title Case, camelCase, underscores, with brand noise, product codes and the
 * occasional misleading word.
 */
final class UrlWriter {
  private static final ImmutableList<String> NOISE =
      ImmutableList.of(
          "new",
          "sale",
          "fashion",
          "hot",
          "style",
          "casual",
          "2017",
          "summer",
          "winter",
          "classic",
          "premium",
          "outlet",
          "brand",
          "official",
          "free",
          "shipping");
  private static final ImmutableList<String> BRANDS =
      ImmutableList.of(
          "acme",
          "northpeak",
          "urbanline",
          "velora",
          "kestrel",
          "maplewood",
          "solstice",
          "brightwear",
          "tundra",
          "corvo");

  private UrlWriter() {}

  /** The path (no host) of mirror {@code mirror} of image {@code id}. */
  static String path(Garment g, String id, int mirror, SplittableRandom rnd) {
    String name;
    if (mirror > 0 && rnd.nextDouble() < 0.5) {
      // Image CDNs often carry no words at all.
      name = "img_" + (100000 + rnd.nextInt(900000));
    } else {
      name = style(words(g, rnd), rnd);
    }
    return "/m" + mirror + "/" + id + "/" + name + ".jpg";
  }

  private static List<String> words(Garment g, SplittableRandom rnd) {
    List<String> w = new ArrayList<>();
    if (rnd.nextDouble() < 0.35) {
      w.add(pick(BRANDS, rnd));
    }
    if (rnd.nextDouble() < 0.45) {
      w.add(g.gender().equals("men") ? pick(List.of("men", "mens"), rnd) : "women");
    }
    if (!g.age().equals("adult") && rnd.nextDouble() < 0.55) {
      w.add(g.age());
    }
    if (rnd.nextDouble() < 0.6) {
      w.add(colourWord(g.colour(), rnd));
    } else if (rnd.nextDouble() < 0.08) {
      w.add(colourWord(pick(SyntheticTaxonomy.COLOURS, rnd), rnd));
    }
    if (!g.pattern().equals("solid") && rnd.nextDouble() < 0.4) {
      w.add(labelWord(g.pattern(), rnd));
    }
    if (!g.length().isEmpty() && rnd.nextDouble() < 0.35) {
      w.add(labelWord(g.length(), rnd));
    }
    if (rnd.nextDouble() < 0.85) {
      w.add(noun(g.apparel(), rnd));
    }
    if (rnd.nextDouble() < 0.4) {
      w.add(pick(NOISE, rnd));
    }
    if (rnd.nextDouble() < 0.5) {
      w.add(String.valueOf(1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 99999)));
    }
    if (w.isEmpty()) {
      w.add("product");
    }
    return w;
  }

  private static String colourWord(String colour, SplittableRandom rnd) {
    return labelWord(colour, rnd);
  }

  /** A label name for a canonical value, sometimes a synonym. */
  private static String labelWord(String value, SplittableRandom rnd) {
    List<String> names = SyntheticTaxonomy.SYNONYMS.getOrDefault(value, ImmutableList.of(value));
    return pick(names, rnd);
  }

  private static String noun(Apparel a, SplittableRandom rnd) {
    if (a.equals(Apparel.SHOE)) {
      return pick(List.of("shoes", "sneakers", "boots", "shoe"), rnd);
    } else if (a.equals(Apparel.DRESS)) {
      return pick(List.of("dress", "dress", "gown"), rnd);
    } else if (a.equals(Apparel.PANTS)) {
      return pick(List.of("pants", "trousers", "jeans"), rnd);
    }
    return pick(List.of("jacket", "coat", "parka"), rnd);
  }

  private static String style(List<String> words, SplittableRandom rnd) {
    double r = rnd.nextDouble();
    StringBuilder sb = new StringBuilder();
    if (r < 0.55) {
      for (String w : words) {
        appendSep(sb, "-").append(w.replace(' ', '-'));
      }
    } else if (r < 0.75) {
      for (String w : words) {
        appendSep(sb, "%20").append(title(w).replace(" ", "%20"));
      }
    } else if (r < 0.88) {
      for (String w : words) {
        sb.append(title(w).replace(" ", ""));
      }
    } else {
      for (String w : words) {
        appendSep(sb, "_").append(w.replace(' ', '_'));
      }
    }
    return sb.toString();
  }

  private static StringBuilder appendSep(StringBuilder sb, String sep) {
    return sb.length() == 0 ? sb : sb.append(sep);
  }

  private static String title(String w) {
    StringBuilder sb = new StringBuilder();
    for (String part : w.split(" ")) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return sb.toString();
  }

  private static <T> T pick(List<T> items, SplittableRandom rnd) {
    return items.get(rnd.nextInt(items.size()));
  }
}
