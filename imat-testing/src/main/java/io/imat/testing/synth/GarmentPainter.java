package io.imat.testing.synth;

import io.imat.api.taxonomy.Apparel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a {@link Garment} so that its attributes are visible: the apparel is the silhouette, colour
 * the fill, pattern a texture on it, length how far the garment reaches, gender the cut (men
 * broader and square, women slimmer, heels on women's shoes) and age the size of the item in the
 * frame. Positions, tints and angles vary per picture so a model must learn the attributes, not
 * pixel positions.
 */
final class GarmentPainter {
  private static final Map<String, Color> COLOURS =
      Map.ofEntries(
          Map.entry("black", new Color(28, 28, 30)),
          Map.entry("white", new Color(245, 245, 242)),
          Map.entry("red", new Color(200, 32, 38)),
          Map.entry("blue", new Color(40, 90, 210)),
          Map.entry("green", new Color(40, 150, 60)),
          Map.entry("pink", new Color(245, 150, 195)),
          Map.entry("yellow", new Color(245, 210, 40)),
          Map.entry("grey", new Color(128, 128, 130)),
          Map.entry("brown", new Color(115, 70, 35)),
          Map.entry("beige", new Color(222, 200, 160)),
          Map.entry("navy", new Color(22, 32, 92)),
          Map.entry("purple", new Color(118, 48, 150)),
          Map.entry("khaki", new Color(185, 170, 110)));

  private GarmentPainter() {}

  /** A {@code width}×{@code height} RGB picture of {@code g}. */
  static BufferedImage paint(Garment g, SplittableRandom rnd, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D gr = img.createGraphics();
    try {
      gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      gr.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      paintBackground(gr, rnd, width, height);

      double ageScale =
          switch (g.age()) {
            case "kids" -> 0.72;
            case "baby" -> 0.52;
            default -> 1.0;
          };
      double boxH = height * 0.86 * ageScale;
      double boxW = boxH * (g.apparel().equals(Apparel.SHOE) ? 1.0 : 0.62);
      if (g.gender().equals("men")) {
        boxW *= 1.18;
      } else {
        boxW *= 0.92;
      }
      double cx = width / 2.0 + (rnd.nextDouble() - 0.5) * (width - boxW) * 0.5;
      double top = (height - boxH) / 2.0 + (rnd.nextDouble() - 0.5) * (height - boxH) * 0.5;
      double angle = Math.toRadians((rnd.nextDouble() - 0.5) * 12);

      Shape unit = shape(g);
      AffineTransform place = new AffineTransform();
      place.rotate(angle, cx, top + boxH / 2);
      place.translate(cx - boxW / 2, top);
      place.scale(boxW, boxH);
      Shape garment = place.createTransformedShape(unit);

      Color base = jitter(COLOURS.get(g.colour()), rnd, 12);
      gr.setColor(base);
      gr.fill(garment);
      gr.setClip(garment);
      paintPattern(gr, g.pattern(), base, rnd, width, height);
      gr.setClip(null);
      gr.setColor(shade(base, 0.55));
      gr.setStroke(new BasicStroke((float) Math.max(1.0, height / 90.0)));
      gr.draw(garment);
      paintDetails(gr, g, place, shade(base, 0.45));
    } finally {
      gr.dispose();
    }
    return img;
  }

  private static void paintBackground(Graphics2D gr, SplittableRandom rnd, int w, int h) {
    int v = 212 + rnd.nextInt(38);
    Color bg = new Color(clamp(v + rnd.nextInt(13) - 6), clamp(v + rnd.nextInt(13) - 6), clamp(v));
    gr.setColor(bg);
    gr.fillRect(0, 0, w, h);
    // A soft floor shadow, as on product photos.
    gr.setColor(shade(bg, 0.92));
    gr.fill(new Ellipse2D.Double(w * 0.15, h * 0.86, w * 0.7, h * 0.1));
  }

  /** The silhouette in a unit box: x and y in [0, 1], y down. */
  private static Shape shape(Garment g) {
    boolean men = g.gender().equals("men");
    Path2D.Double p = new Path2D.Double();
    if (g.apparel().equals(Apparel.DRESS)) {
      double hem =
          switch (g.length()) {
            case "mini" -> 0.42;
            case "knee" -> 0.6;
            case "midi" -> 0.78;
            default -> 0.98;
          };
      double half = 0.16 + 0.36 * hem;
      p.moveTo(0.36, 0.0);
      p.lineTo(0.42, 0.0);
      p.quadTo(0.5, 0.08, 0.58, 0.0);
      p.lineTo(0.64, 0.0);
      p.lineTo(0.66, 0.14);
      p.lineTo(0.6, 0.3);
      p.lineTo(0.5 + half, hem);
      p.lineTo(0.5 - half, hem);
      p.lineTo(0.4, 0.3);
      p.lineTo(0.34, 0.14);
      p.closePath();
    } else if (g.apparel().equals(Apparel.PANTS)) {
      double hem =
          switch (g.length()) {
            case "capris" -> 0.6;
            case "ankle" -> 0.84;
            default -> 1.0;
          };
      double flare = men ? 0.02 : -0.03;
      p.moveTo(0.18, 0.0);
      p.lineTo(0.82, 0.0);
      p.lineTo(0.84 + flare, hem);
      p.lineTo(0.55, hem);
      p.lineTo(0.5, 0.3);
      p.lineTo(0.45, hem);
      p.lineTo(0.16 - flare, hem);
      p.closePath();
    } else if (g.apparel().equals(Apparel.OUTERWEAR)) {
      double hem = g.length().equals("long") ? 0.96 : 0.52;
      double shoulder = men ? 0.02 : 0.07;
      p.moveTo(0.3, 0.02);
      p.lineTo(0.42, 0.0);
      p.lineTo(0.5, 0.1);
      p.lineTo(0.58, 0.0);
      p.lineTo(0.7, 0.02);
      p.lineTo(0.86 - shoulder, 0.08 + shoulder);
      p.lineTo(1.0, 0.56);
      p.lineTo(0.9, 0.58);
      p.lineTo(0.78, 0.26);
      p.lineTo(0.76, hem);
      p.lineTo(0.24, hem);
      p.lineTo(0.22, 0.26);
      p.lineTo(0.1, 0.58);
      p.lineTo(0.0, 0.56);
      p.lineTo(0.14 + shoulder, 0.08 + shoulder);
      p.closePath();
    } else {
      // Shoe, side view: men's flat and round, women's with a heel and a pointed toe.
      if (men) {
        p.moveTo(0.05, 0.62);
        p.lineTo(0.05, 0.48);
        p.lineTo(0.3, 0.4);
        p.lineTo(0.55, 0.38);
        p.quadTo(0.9, 0.44, 0.96, 0.6);
        p.lineTo(0.96, 0.7);
        p.lineTo(0.05, 0.7);
      } else {
        p.moveTo(0.08, 0.7);
        p.lineTo(0.08, 0.42);
        p.lineTo(0.22, 0.38);
        p.lineTo(0.3, 0.5);
        p.quadTo(0.6, 0.58, 0.98, 0.66);
        p.lineTo(0.9, 0.72);
        p.lineTo(0.3, 0.72);
        p.lineTo(0.18, 0.56);
        p.lineTo(0.16, 0.72);
      }
      p.closePath();
    }
    return p;
  }

  private static void paintPattern(
      Graphics2D gr, String pattern, Color base, SplittableRandom rnd, int w, int h) {
    Color ink = luminance(base) > 140 ? new Color(30, 30, 34) : new Color(238, 238, 232);
    double u = h / 128.0;
    switch (pattern) {
      case "striped" -> {
        gr.setColor(ink);
        double period = 9 * u;
        double offset = rnd.nextDouble() * period;
        for (double y = -period + offset; y < h; y += period) {
          gr.fill(new Rectangle2D.Double(0, y, w, period * 0.42));
        }
      }
      case "dots" -> {
        gr.setColor(ink);
        double step = 11 * u;
        double r = 2.6 * u;
        double ox = rnd.nextDouble() * step;
        double oy = rnd.nextDouble() * step;
        for (double y = oy - step; y < h; y += step) {
          for (double x = ox - step; x < w; x += step) {
            gr.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
          }
        }
      }
      case "plaid" -> {
        gr.setColor(new Color(ink.getRed(), ink.getGreen(), ink.getBlue(), 150));
        double step = 14 * u;
        double band = 4 * u;
        double o = rnd.nextDouble() * step;
        for (double t = o - step; t < Math.max(w, h); t += step) {
          gr.fill(new Rectangle2D.Double(t, 0, band, h));
          gr.fill(new Rectangle2D.Double(0, t, w, band));
          gr.fill(new Rectangle2D.Double(t + band * 1.8, 0, band * 0.35, h));
          gr.fill(new Rectangle2D.Double(0, t + band * 1.8, w, band * 0.35));
        }
      }
      case "floral" -> {
        Color petal = luminance(base) > 140 ? new Color(200, 40, 90) : new Color(250, 235, 120);
        double r = 2.2 * u;
        int n = (int) (w * h / (260 * u * u));
        for (int k = 0; k < n; k++) {
          double x = rnd.nextDouble() * w;
          double y = rnd.nextDouble() * h;
          gr.setColor(petal);
          for (int a = 0; a < 5; a++) {
            double ang = a * 2 * Math.PI / 5;
            double px = x + Math.cos(ang) * r * 1.3;
            double py = y + Math.sin(ang) * r * 1.3;
            gr.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
          }
          gr.setColor(ink);
          gr.fill(new Ellipse2D.Double(x - r * 0.6, y - r * 0.6, r * 1.2, r * 1.2));
        }
      }
      case "leopard" -> {
        Color spot = new Color(60, 38, 20);
        int n = (int) (w * h / (150 * u * u));
        for (int k = 0; k < n; k++) {
          double x = rnd.nextDouble() * w;
          double y = rnd.nextDouble() * h;
          double rx = (2.5 + rnd.nextDouble() * 2.5) * u;
          double ry = (2 + rnd.nextDouble() * 2) * u;
          gr.setColor(spot);
          gr.fill(new Ellipse2D.Double(x - rx, y - ry, 2 * rx, 2 * ry));
          gr.setColor(new Color(205, 150, 70));
          gr.fill(new Ellipse2D.Double(x - rx * 0.5, y - ry * 0.5, rx, ry));
        }
      }
      case "camo" -> {
        Color[] blobs = {new Color(85, 95, 45), new Color(60, 50, 30), new Color(140, 130, 80)};
        int n = (int) (w * h / (190 * u * u));
        for (int k = 0; k < n; k++) {
          gr.setColor(blobs[k % blobs.length]);
          double x = rnd.nextDouble() * w;
          double y = rnd.nextDouble() * h;
          double rx = (3 + rnd.nextDouble() * 5) * u;
          double ry = (2 + rnd.nextDouble() * 3) * u;
          gr.fill(new Ellipse2D.Double(x - rx, y - ry, 2 * rx, 2 * ry));
        }
      }
      default -> {
        // solid: a gentle shading band keeps it looking like fabric
        gr.setColor(new Color(255, 255, 255, 28));
        gr.fill(new Rectangle2D.Double(0, 0, w * (0.3 + rnd.nextDouble() * 0.3), h));
      }
    }
  }

  /** Seams and accessories drawn after the outline, in garment coordinates. */
  private static void paintDetails(Graphics2D gr, Garment g, AffineTransform place, Color ink) {
    Path2D.Double d = new Path2D.Double();
    if (g.apparel().equals(Apparel.OUTERWEAR)) {
      double hem = g.length().equals("long") ? 0.96 : 0.52;
      d.moveTo(0.5, 0.1);
      d.lineTo(0.5, hem);
    } else if (g.apparel().equals(Apparel.PANTS)) {
      d.moveTo(0.18, 0.07);
      d.lineTo(0.82, 0.07);
    } else if (g.apparel().equals(Apparel.DRESS)) {
      d.moveTo(0.4, 0.3);
      d.lineTo(0.6, 0.3);
    } else if (g.gender().equals("men")) {
      for (int k = 0; k < 3; k++) {
        d.moveTo(0.4 + k * 0.07, 0.42);
        d.lineTo(0.44 + k * 0.07, 0.5);
      }
    } else {
      d.moveTo(0.3, 0.5);
      d.lineTo(0.24, 0.4);
    }
    gr.setColor(ink);
    gr.draw(place.createTransformedShape(d));
  }

  private static Color jitter(Color c, SplittableRandom rnd, int amount) {
    return new Color(
        clamp(c.getRed() + rnd.nextInt(2 * amount + 1) - amount),
        clamp(c.getGreen() + rnd.nextInt(2 * amount + 1) - amount),
        clamp(c.getBlue() + rnd.nextInt(2 * amount + 1) - amount));
  }

  private static Color shade(Color c, double f) {
    return new Color(
        clamp((int) (c.getRed() * f)),
        clamp((int) (c.getGreen() * f)),
        clamp((int) (c.getBlue() * f)));
  }

  private static double luminance(Color c) {
    return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
