package org.liverseg.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.models.training.EpochReport;

class CurvesPlotTest {

  @Test
  void writesADecodablePngWithTwoCharts(@TempDir Path dir) throws Exception {
    List<EpochReport> epochs = new ArrayList<>();
    for (int e = 1; e <= 12; e++) {
      boolean val = e % 3 == 0;
      epochs.add(
          new EpochReport(
              e,
              10L * e,
              2.0 / e,
              val,
              val ? 2.2 / e : Double.NaN,
              val ? 1 - 0.5 / e : Double.NaN,
              val ? 1 - 1.0 / e : Double.NaN,
              10,
              4,
              false));
    }
    Path png = dir.resolve("curves.png");
    CurvesPlot.write(epochs, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img);
    assertEquals(1280, img.getWidth());
    assertEquals(420, img.getHeight());
  }

  @Test
  void aSingleEpochWithoutValidationStillPlots(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("c.png");
    CurvesPlot.write(
        List.of(new EpochReport(1, 3, 1.5, false, Double.NaN, Double.NaN, Double.NaN, 1, 1, false)),
        png);
    assertNotNull(ImageIO.read(png.toFile()));
  }

  @Test
  void noEpochsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> CurvesPlot.render(List.of()));
  }
}
