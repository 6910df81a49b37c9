package io.imat.examples.plots;

import io.imat.metrics.ErrorReport;
import io.imat.models.train.EpochStats;
import io.imat.models.train.TrainingHistory;
import io.imat.api.taxonomy.Task;
import io.imat.api.io.AtomicFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts imat draws: learning curves and per-task errors. XChart, written atomically. */
public final class Plots {
  private Plots() {}

  /**
   * Learning curves, one panel per fold side by side in one picture: train loss, validation
   * loss and validation top-1 error by epoch, the kept epoch marked.
   */
  public static void learningCurves(List<TrainingHistory> folds, Path png) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("Learning curves")
            .xAxisTitle("epoch")
            .yAxisTitle("loss / top-1 error")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
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
      addSeries(chart, tag + "train loss", x, train).setMarker(SeriesMarkers.NONE);
      addSeries(chart, tag + "val loss", x, valLoss).setMarker(SeriesMarkers.NONE);
      addSeries(chart, tag + "val error", x, valErr).setMarker(SeriesMarkers.CIRCLE);
    }
    write(chart, png);
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

  private static XYSeries addSeries(XYChart chart, String name, List<Integer> x, List<Double> y) {
    return chart.addSeries(name, x, y);
  }

  private static Double nanToNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static void write(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(png, bytes.toByteArray());
  }
}
