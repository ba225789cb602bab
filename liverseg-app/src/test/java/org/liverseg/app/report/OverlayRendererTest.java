package org.liverseg.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;

class OverlayRendererTest {

  @Test
  void choosesTheLargestTumourSliceThenTheLargestLiverSlice() {
    List<OverlayRenderer.Panel> p =
        OverlayRenderer.choosePanels(SyntheticCase.truth(0), SyntheticCase.truth(0));
    assertEquals(
        List.of(SyntheticCase.TUMOUR_Z, SyntheticCase.LIVER_Z),
        p.stream().map(OverlayRenderer.Panel::z).toList());
  }

  @Test
  void withoutTumourOnlyTheLiverSliceIsShown() {
    LabelMap t = SyntheticCase.truth(0);
    byte[] b = t.labels().clone();
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 2) {
        b[i] = 1;
      }
    }
    LabelMap noTumour = t.withLabels(b);
    List<OverlayRenderer.Panel> p = OverlayRenderer.choosePanels(noTumour, noTumour);
    assertEquals(1, p.size());
    assertEquals(SyntheticCase.LIVER_Z, p.get(0).z());
    // A predicted tumour in a case without one is shown: it is what costs the case its tumour Dice.
    p = OverlayRenderer.choosePanels(noTumour, t);
    assertEquals(
        List.of(SyntheticCase.TUMOUR_Z, SyntheticCase.LIVER_Z),
        p.stream().map(OverlayRenderer.Panel::z).toList());
    assertEquals("largest predicted tumour, none in truth", p.get(0).reason());
  }

  @Test
  void writesADecodablePngWithBothContourColours(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("case.png");
    OverlayRenderer.liverWindow()
        .write(
            png, "synthetic", SyntheticCase.ct(), SyntheticCase.truth(0), SyntheticCase.truth(3));
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "PNG not decodable");
    // Two panels of 40 voxels scaled to about 384 px.
    int k = Math.round(384f / 40);
    assertEquals(2 * 40 * k, img.getWidth());
    int truth = 0;
    int pred = 0;
    int grey = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) | 0xFF000000;
        if (rgb == OverlayRenderer.TRUTH.getRGB()) {
          truth++;
        } else if (rgb == OverlayRenderer.PREDICTION.getRGB()) {
          pred++;
        } else {
          int r = rgb >> 16 & 0xFF;
          if (r == (rgb >> 8 & 0xFF) && r == (rgb & 0xFF) && r > 50 && r < 255) {
            grey++;
          }
        }
      }
    }
    assertTrue(truth > 500, "ground-truth contour pixels: " + truth);
    assertTrue(pred > 200, "prediction contour pixels: " + pred);
    assertTrue(grey > 10000, "CT pixels in the window: " + grey);
  }

  @Test
  void ctIsShownInTheLiverWindow() {
    BufferedImage img =
        OverlayRenderer.liverWindow().render("t", SyntheticCase.ct(), SyntheticCase.truth(0), null);
    int k = Math.round(384f / 40);
    // Voxel (1, 1) is background at -100 HU: (-100 + 140) / 400 * 255 = 25.5 -> 26.
    int rgb = img.getRGB(k + k / 2, 22 + k + k / 2);
    assertEquals(26, rgb & 0xFF);
    // The liver centre (20, 16) at 60 HU: 200 / 400 * 255 = 127.5 -> 128.
    rgb = img.getRGB(15 * k + k / 2, 22 + 16 * k + k / 2);
    assertEquals(128, rgb & 0xFF);
  }
}
