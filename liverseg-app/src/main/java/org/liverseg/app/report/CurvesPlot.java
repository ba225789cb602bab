package org.liverseg.app.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.liverseg.models.training.EpochReport;

/**
 * Draws the training curves of a run into one PNG: loss against epoch on the left (training and,
 * where measured, validation), validation Dice for liver and tumour against epoch on the right.
 */
public final class CurvesPlot {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private CurvesPlot() {}

  /**
   * Writes {@code curves.png}, atomically.
   *
   * @throws IllegalArgumentException if there are no epochs to draw
   */
  public static void write(List<EpochReport> epochs, Path png) throws IOException {
    BufferedImage image = render(epochs);
    Png.write(image, png);
  }

  /** The two charts side by side. */
  public static BufferedImage render(List<EpochReport> epochs) {
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    double lastEpoch = epochs.get(epochs.size() - 1).epoch();
    XYChart loss = chart("Loss", "loss", lastEpoch);
    // Training patches are centred on tumour and liver on purpose; validation covers whole volumes,
    // mostly easy background, so its loss is lower and the two are not directly comparable.
    addSeries(loss, "train (sampled patches)", epochs, EpochReport::meanLoss);
    addSeries(loss, "validation (whole volumes)", epochs, EpochReport::validationLoss);
    XYChart dice = chart("Validation Dice", "Dice", lastEpoch);
    dice.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    // Dice rises towards 1: keep the legend out of the curves' way.
    dice.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    addSeries(dice, "liver", epochs, EpochReport::liverDice);
    addSeries(dice, "tumour", epochs, EpochReport::tumourDice);

    BufferedImage out = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
      g.drawImage(BitmapEncoder.getBufferedImage(dice), WIDTH, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static XYChart chart(String title, String yTitle, double lastEpoch) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler()
        .setXAxisDecimalPattern("#")
        .setXAxisMin(1.0)
        .setXAxisMax(Math.max(2.0, lastEpoch));
    c.getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNE)
        .setChartBackgroundColor(Color.WHITE);
    return c;
  }

  /** Adds the finite points of one metric; a metric never measured is left out of the legend. */
  private static void addSeries(
      XYChart chart, String name, List<EpochReport> epochs, ToDoubleFunction<EpochReport> metric) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (EpochReport m : epochs) {
      double v = metric.applyAsDouble(m);
      if (Double.isFinite(v)) {
        x.add((double) m.epoch());
        y.add(v);
      }
    }
    if (x.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(x.size() > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
  }
}
