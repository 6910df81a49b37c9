package io.imat.examples.plots;

import static java.awt.image.BufferedImage.TYPE_INT_RGB;

import io.imat.api.io.AtomicFiles;
import io.imat.api.taxonomy.Task;
import io.imat.metrics.ErrorReport;
import io.imat.models.train.EpochStats;
import io.imat.models.train.TrainingHistory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts imat draws: learning curves and per-task errors. XChart, written atomically. */
public final class Plots {
  // One colour per fold, shared by its train (dashed) and validation (solid) curves.
  private static final Color[] FOLD_COLOURS = {
    new Color(31, 119, 180),
    new Color(214, 39, 40),
    new Color(44, 160, 44),
    new Color(255, 127, 14),
    new Color(148, 103, 189),
    new Color(140, 86, 75)
  };

  private Plots() {}

  /**
   * Learning curves in two panels side by side: losses (train and validation) and validation top-1
   * error by epoch, one line per fold. Warm-up epochs run the backbone frozen, so their validation
   * loss can be far off the later scale; the panels keep errors readable.
   */
  public static void learningCurves(List<TrainingHistory> folds, Path png) throws IOException {
    XYChart losses = chart("Loss", "loss");
    XYChart errors = chart("Validation top-1 error", "top-1 error");
    for (int f = 0; f < folds.size(); f++) {
      TrainingHistory h = folds.get(f);
      String tag = folds.size() > 1 ? "fold " + (f + 1) + " " : "";
      List<Integer> x = new ArrayList<>();
      List<Double> train = new ArrayList<>();
      List<Double> valLoss = new ArrayList<>();
      List<Double> valErr = new ArrayList<>();
      for (EpochStats e : h.epochs()) {
        x.add(e.epoch());
        train.add(nanToNull(e.trainLoss()));
        valLoss.add(nanToNull(e.validationLoss()));
        valErr.add(nanToNull(e.validationError()));
      }
      Color colour = FOLD_COLOURS[f % FOLD_COLOURS.length];
      XYSeries t = losses.addSeries(tag + "train", x, train);
      t.setMarker(SeriesMarkers.NONE);
      t.setLineColor(colour);
      t.setLineStyle(SeriesLines.DASH_DASH);
      XYSeries v = losses.addSeries(tag + "validation", x, valLoss);
      v.setMarker(SeriesMarkers.CIRCLE);
      v.setMarkerColor(colour);
      v.setLineColor(colour);
      XYSeries e = errors.addSeries(tag.isEmpty() ? "validation" : tag.strip(), x, valErr);
      e.setMarker(SeriesMarkers.CIRCLE);
      e.setMarkerColor(colour);
      e.setLineColor(colour);
    }
    losses.getStyler().setYAxisLogarithmic(true);
    errors.getStyler().setYAxisMin(0.0);
    BufferedImage left = BitmapEncoder.getBufferedImage(losses);
    BufferedImage right = BitmapEncoder.getBufferedImage(errors);
    BufferedImage both =
        new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(), TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(left, 0, 0, null);
    g.drawImage(right, left.getWidth(), 0, null);
    g.dispose();
    writePng(both, png);
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(460)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  /** Writes a picture as PNG, atomically. */
  public static void writePng(BufferedImage picture, Path png) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", bytes);
    AtomicFiles.write(png, bytes.toByteArray());
  }

  /** Per-task top-1 error of several models side by side (bars), tasks in taxonomy order. */
  public static void taskErrors(Map<String, ErrorReport> byModel, Path png) throws IOException {
    List<String> tasks = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    ErrorReport first = byModel.values().iterator().next();
    for (Task t : first.perTask().keySet()) {
      tasks.add(t.name());
    }
    for (Map.Entry<String, ErrorReport> e : byModel.entrySet()) {
      List<Double> v = new ArrayList<>();
      for (Task t : first.perTask().keySet()) {
        var c = e.getValue().perTask().get(t);
        v.add(c == null ? 0.0 : c.error());
      }
      series.put(e.getKey(), v);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1200)
            .height(560)
            .title("Top-1 error per task")
            .xAxisTitle("task")
            .yAxisTitle("top-1 error")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0);
    series.forEach((name, v) -> chart.addSeries(name, tasks, v));
    write(chart, png);
  }

  private static Double nanToNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static void write(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png)
      throws IOException {
    writePng(BitmapEncoder.getBufferedImage(chart), png);
  }
}
