package org.liverseg.spark;

import java.io.Serializable;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.task03.Task03;
import org.liverseg.transforms.label.ConnectedComponents;

/**
 * What a Task03 mask says about its case (labels 0 background, 1 liver, 2 tumour; see {@link
 * Task03}): volumes, tumour count and burden, and Dice against a ground truth when there is one.
 *
 * <p>Volumes are voxel counts times the voxel volume, the absolute determinant of the affine's 3x3
 * part in mm^3 (exact for any orientation and shear), divided by 1000 for millilitres. The liver is
 * the whole organ, labels 1 and 2 ({@link Task03#LIVER}); the tumour burden is the tumour volume in
 * percent of it, null when there is no liver. Tumours are the 26-connected components of label 2:
 * two tumour voxels that touch at an edge or a corner are one lesion, as clinical lesion counts
 * (and scipy's default 3D labelling with a full structuring element) treat them; 6-connectivity
 * would count a lesion cut diagonally by a coarse slice grid as two.
 *
 * @param liverMl liver volume (labels 1 and 2), mL
 * @param tumourMl tumour volume (label 2), mL
 * @param tumours number of 26-connected tumour components
 * @param largestTumourMl volume of the largest tumour component, mL (0 without tumour)
 * @param tumourBurdenPct tumour volume in percent of the liver volume, or null without liver
 * @param diceLiver Dice of the liver region against the ground truth, or null without one
 * @param diceTumour Dice of the tumour region against the ground truth, or null without one
 */
public record MaskStats(
    double liverMl,
    double tumourMl,
    int tumours,
    double largestTumourMl,
    Double tumourBurdenPct,
    Double diceLiver,
    Double diceTumour)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Connectivity of the tumour count. */
  public static final int TUMOUR_CONNECTIVITY = 26;

  /**
   * The statistics of {@code mask}, scored against {@code truth} when it is not null.
   *
   * @throws IllegalArgumentException naming the case if the truth's shape or affine differs from
   *     the mask's, or either holds a label above 2
   */
  public static MaskStats of(String caseId, LabelMap mask, LabelMap truth) {
    double voxelMl = voxelVolumeMm3(mask.affine()) / 1000.0;
    long[] h = mask.histogram();
    for (int l = Task03.CLASSES; l < h.length; l++) {
      if (h[l] > 0) {
        throw new IllegalArgumentException(
            "case " + caseId + ": the mask holds label " + l + ", not a Task03 label (0, 1, 2)");
      }
    }
    long liver = h[1] + h[2];
    long tumour = h[2];
    long[] components = tumourComponents(mask.labels(), mask.shape());
    Double dl = null;
    Double dt = null;
    if (truth != null) {
      requireSameGrid(caseId, truth.geometry(), mask.geometry());
      CaseScores s = Dice.score(caseId, truth, mask, Task03.CLASSES);
      dl = s.dice(Task03.LIVER);
      dt = s.dice(Task03.TUMOUR);
    }
    return new MaskStats(
        liver * voxelMl,
        tumour * voxelMl,
        (int) components[0],
        components[1] * voxelMl,
        liver == 0 ? null : 100.0 * tumour / liver,
        dl,
        dt);
  }

  /**
   * Fails unless a label map of geometry {@code label} lies on the grid of an image of geometry
   * {@code image}: one channel, the same shape, affines equal to 1e-4 mm.
   *
   * @throws IllegalArgumentException naming the case and both geometries
   */
  public static void requireSameGrid(String caseId, ImageGeometry label, ImageGeometry image) {
    if (label.channels() != 1
        || !label.shape().equals(image.shape())
        || !label.affine().isClose(image.affine(), 1e-4)) {
      throw new IllegalArgumentException(
          "case "
              + caseId
              + ": the label (shape "
              + label.shape()
              + ", "
              + label.channels()
              + " channel(s), affine "
              + label.affine()
              + ") is not on the image's grid (shape "
              + image.shape()
              + ", affine "
              + image.affine()
              + ")");
    }
  }

  /** The volume of one voxel in mm^3: |det| of the affine's rotation-zoom-shear part. */
  public static double voxelVolumeMm3(Affine a) {
    double det =
        a.get(0, 0) * (a.get(1, 1) * a.get(2, 2) - a.get(1, 2) * a.get(2, 1))
            - a.get(0, 1) * (a.get(1, 0) * a.get(2, 2) - a.get(1, 2) * a.get(2, 0))
            + a.get(0, 2) * (a.get(1, 0) * a.get(2, 1) - a.get(1, 1) * a.get(2, 0));
    return Math.abs(det);
  }

  /**
   * The number of tumour components and the voxels of the largest, labelled inside the bounding box
   * of label 2 only (every tumour voxel lies in it, so no component is cut), which keeps the work
   * array small for a whole CT.
   */
  static long[] tumourComponents(byte[] labels, Shape shape) {
    int nx = shape.x();
    int ny = shape.y();
    int nz = shape.z();
    int x0 = nx;
    int y0 = ny;
    int z0 = nz;
    int x1 = -1;
    int y1 = -1;
    int z1 = -1;
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          if (labels[i] == 2) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
            z0 = Math.min(z0, z);
            z1 = Math.max(z1, z);
          }
        }
      }
    }
    if (x1 < 0) {
      return new long[] {0, 0};
    }
    Shape box = Shape.of(x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1);
    byte[] crop = new byte[box.voxelsAsInt()];
    int j = 0;
    for (int z = z0; z <= z1; z++) {
      for (int y = y0; y <= y1; y++) {
        System.arraycopy(labels, x0 + nx * (y + ny * z), crop, j, box.x());
        j += box.x();
      }
    }
    boolean[] tumourLabel = new boolean[256];
    tumourLabel[2] = true;
    int[] sizes =
        ConnectedComponents.sizes(
            ConnectedComponents.roots(crop, box, tumourLabel, TUMOUR_CONNECTIVITY));
    long n = 0;
    long largest = 0;
    for (int s : sizes) {
      if (s > 0) {
        n++;
        largest = Math.max(largest, s);
      }
    }
    return new long[] {n, largest};
  }
}
