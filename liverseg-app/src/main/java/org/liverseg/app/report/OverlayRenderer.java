package org.liverseg.app.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Renders axial slices of a CT scan in a liver window with the ground-truth contours (green) and
 * the predicted contours (red) of liver and tumours on top.
 *
 * <p>One panel shows the axial slice with the largest ground-truth tumour area (when the case has
 * tumours; else the largest predicted tumour area, if any), a second the slice with the largest
 * liver area. Slices are shown in the radiological convention (patient's left on the right of the
 * image, anterior at the top) as far as the affine's orientation code tells; voxels are stretched
 * to their in-plane spacing.
 */
public final class OverlayRenderer {

  /** Ground-truth contour colour. */
  public static final Color TRUTH = new Color(0, 230, 0);

  /** Prediction contour colour. */
  public static final Color PREDICTION = new Color(255, 40, 40);

  private static final int TARGET_PANEL_WIDTH = 384;
  private static final int HEADER = 22;
  private static final int FOOTER = 20;

  private final double windowMin;
  private final double windowMax;

  /** A renderer with the given display window in HU (e.g. level 60, width 400: [-140, 260]). */
  public OverlayRenderer(double windowMin, double windowMax) {
    checkArgument(windowMin < windowMax, "display window [%s, %s] is empty", windowMin, windowMax);
    this.windowMin = windowMin;
    this.windowMax = windowMax;
  }

  /** The usual liver window: level 60 HU, width 400 HU. */
  public static OverlayRenderer liverWindow() {
    return new OverlayRenderer(-140, 260);
  }

  /** One slice to show and why it was chosen. */
  public record Panel(int z, String reason) {}

  /**
   * The slices to show: the largest ground-truth tumour area if the case has tumours, else the
   * largest predicted tumour area if the prediction has any (false positives are what such a case's
   * tumour Dice of 0 comes from), then the largest liver area.
   *
   * @param prediction predicted labels, or null
   */
  public static List<Panel> choosePanels(LabelMap truth, LabelMap prediction) {
    int tumourZ = largestAreaSlice(truth, l -> l == 2);
    int liverZ = largestAreaSlice(truth, l -> l == 1 || l == 2);
    List<Panel> panels = new ArrayList<>();
    if (tumourZ >= 0) {
      panels.add(new Panel(tumourZ, "largest tumour"));
    } else if (prediction != null) {
      tumourZ = largestAreaSlice(prediction, l -> l == 2);
      if (tumourZ >= 0) {
        panels.add(new Panel(tumourZ, "largest predicted tumour, none in truth"));
      }
    }
    if (liverZ >= 0 && liverZ != tumourZ) {
      panels.add(new Panel(liverZ, "largest liver"));
    }
    if (panels.isEmpty()) {
      panels.add(new Panel(truth.shape().z() / 2, "middle (no liver)"));
    }
    return panels;
  }

  /**
   * Renders and writes the overlay (atomically).
   *
   * @param title text above the panels (e.g. case id and Dice)
   * @param prediction predicted labels, or null to draw the ground truth only
   */
  public void write(Path png, String title, ScalarImage ct, LabelMap truth, LabelMap prediction)
      throws IOException {
    BufferedImage image = render(title, ct, truth, prediction);
    Png.write(image, png);
  }

  /** Renders the overlay image. */
  public BufferedImage render(String title, ScalarImage ct, LabelMap truth, LabelMap prediction) {
    requireNonNull(ct, "ct");
    requireNonNull(truth, "truth");
    checkArgument(
        ct.shape().equals(truth.shape()),
        "CT shape %s differs from label shape %s",
        ct.shape(),
        truth.shape());
    if (prediction != null) {
      checkArgument(
          prediction.shape().equals(truth.shape()),
          "prediction shape %s differs from label shape %s",
          prediction.shape(),
          truth.shape());
    }
    Shape s = ct.shape();
    double[] spacing = ct.spacing();
    int kx = Math.max(1, (int) Math.round((double) TARGET_PANEL_WIDTH / s.x()));
    int ky = Math.max(1, (int) Math.round(kx * spacing[1] / spacing[0]));
    String orientation = ct.orientation();
    // Radiological display: screen right = patient left, screen down = posterior.
    boolean flipX = orientation.charAt(0) == 'R';
    boolean flipY = orientation.charAt(1) == 'A';
    int pw = s.x() * kx;
    int ph = s.y() * ky;

    List<Panel> panels = choosePanels(truth, prediction);
    BufferedImage out =
        new BufferedImage(pw * panels.size(), ph + HEADER + 2 * FOOTER, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.setColor(Color.WHITE);
      g.drawString(title, 4, 16);
      for (int p = 0; p < panels.size(); p++) {
        Panel panel = panels.get(p);
        int x0 = p * pw;
        SliceView view = new SliceView(s, panel.z(), kx, ky, flipX, flipY);
        drawCt(out, view, ct, x0, HEADER);
        drawContour(out, view, truth, l -> l == 1 || l == 2, TRUTH, 2, x0, HEADER);
        drawContour(out, view, truth, l -> l == 2, TRUTH, 2, x0, HEADER);
        if (prediction != null) {
          drawContour(out, view, prediction, l -> l == 1 || l == 2, PREDICTION, 1, x0, HEADER);
          drawContour(out, view, prediction, l -> l == 2, PREDICTION, 1, x0, HEADER);
        }
        g.setColor(Color.WHITE);
        g.drawString("z = " + panel.z() + " (" + panel.reason() + ")", x0 + 4, HEADER + ph + 15);
      }
      g.setColor(TRUTH);
      g.drawString("ground truth", 4, HEADER + ph + FOOTER + 15);
      if (prediction != null) {
        g.setColor(PREDICTION);
        g.drawString("prediction", 110, HEADER + ph + FOOTER + 15);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The axial slice index with the most voxels whose label passes {@code in}, or -1 if none. */
  static int largestAreaSlice(LabelMap labels, IntPredicate in) {
    Shape s = labels.shape();
    byte[] l = labels.labels();
    int plane = s.x() * s.y();
    int best = -1;
    long bestCount = 0;
    for (int z = 0; z < s.z(); z++) {
      long n = 0;
      for (int i = z * plane, end = i + plane; i < end; i++) {
        if (in.test(l[i] & 0xFF)) {
          n++;
        }
      }
      if (n > bestCount) {
        bestCount = n;
        best = z;
      }
    }
    return best;
  }

  private void drawCt(BufferedImage out, SliceView v, ScalarImage ct, int x0, int y0) {
    float[] data = ct.voxels();
    for (int r = 0; r < v.height(); r++) {
      for (int c = 0; c < v.width(); c++) {
        double hu = data[v.index(r, c)];
        int grey =
            (int)
                Math.round(
                    255 * Math.min(1, Math.max(0, (hu - windowMin) / (windowMax - windowMin))));
        out.setRGB(x0 + c, y0 + r, grey << 16 | grey << 8 | grey);
      }
    }
  }

  /**
   * Marks the screen pixels inside the mask that have a pixel outside it within {@code thickness}
   * (Chebyshev distance): a contour drawn on the inner side of the mask's border.
   */
  private static void drawContour(
      BufferedImage out,
      SliceView v,
      LabelMap labels,
      IntPredicate in,
      Color colour,
      int thickness,
      int x0,
      int y0) {
    byte[] l = labels.labels();
    int w = v.width();
    int h = v.height();
    boolean[] mask = new boolean[w * h];
    boolean any = false;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        mask[r * w + c] = in.test(l[v.index(r, c)] & 0xFF);
        any |= mask[r * w + c];
      }
    }
    if (!any) {
      return;
    }
    int rgb = colour.getRGB();
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (mask[r * w + c] && touchesOutside(mask, w, h, r, c, thickness)) {
          out.setRGB(x0 + c, y0 + r, rgb);
        }
      }
    }
  }

  private static boolean touchesOutside(boolean[] mask, int w, int h, int r, int c, int t) {
    for (int dr = -t; dr <= t; dr++) {
      for (int dc = -t; dc <= t; dc++) {
        int rr = r + dr;
        int cc = c + dc;
        if (rr >= 0 && rr < h && cc >= 0 && cc < w && !mask[rr * w + cc]) {
          return true;
        }
      }
    }
    return false;
  }

  /** Maps a screen pixel of a panel to the voxel it shows. */
  private record SliceView(Shape shape, int z, int kx, int ky, boolean flipX, boolean flipY) {
    int width() {
      return shape.x() * kx;
    }

    int height() {
      return shape.y() * ky;
    }

    int index(int row, int col) {
      int x = col / kx;
      int y = row / ky;
      if (flipX) {
        x = shape.x() - 1 - x;
      }
      if (flipY) {
        y = shape.y() - 1 - y;
      }
      return shape.index(x, y, z);
    }
  }
}
