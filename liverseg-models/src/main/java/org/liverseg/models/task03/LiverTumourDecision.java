package org.liverseg.models.task03;

import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.models.prediction.LabelDecision;
import org.liverseg.transforms.label.ConnectedComponents;

/**
 * The Task03 decision (0 background, 1 liver, 2 tumour) taken region by region, as the metrics are:
 * a voxel is liver-or-tumour where {@code p1 + p2 > p0}; inside that region it is tumour where
 * {@code p2 > tumourThreshold * (p1 + p2)}; then every 6-connected tumour component smaller than
 * {@code minTumourVoxels} becomes liver.
 *
 * <p>Why not argmax: training samples tumour-centred patches half of the time and weights tumour
 * voxels three times, so the network's tumour probability is inflated against the tumour's real
 * frequency in a whole scan; a threshold above 0.5 undoes part of that bias, and the size floor
 * removes isolated specks, which cost a scan without tumours its whole tumour Dice (0 instead of
 * 1). {@link DecisionTuner} picks both on validation cases. With threshold 0.5 and no size floor
 * the rule differs from argmax only where no class has a majority.
 *
 * @param tumourThreshold share of the liver region's probability the tumour needs, in [0.5, 1)
 * @param minTumourVoxels smallest tumour component kept, in voxels (0 keeps all)
 */
public record LiverTumourDecision(double tumourThreshold, int minTumourVoxels)
    implements LabelDecision {

  /** Checks the arguments. */
  public LiverTumourDecision {
    if (!(tumourThreshold >= 0.5 && tumourThreshold < 1)) {
      throw new IllegalArgumentException(
          "tumourThreshold must be in [0.5, 1), got " + tumourThreshold);
    }
    if (minTumourVoxels < 0) {
      throw new IllegalArgumentException("minTumourVoxels must be >= 0, got " + minTumourVoxels);
    }
  }

  /**
   * The same rule with the smallest tumour scaled to voxels {@code 1 / sizeFactor} times as large:
   * {@code round(minTumourVoxels x sizeFactor)} voxels, so that it keeps the same volume in mm^3.
   */
  @Override
  public LiverTumourDecision forVoxelsOf(double sizeFactor) {
    LabelDecision.super.forVoxelsOf(sizeFactor);
    long min = Math.round(minTumourVoxels * sizeFactor);
    return new LiverTumourDecision(tumourThreshold, (int) Math.min(Integer.MAX_VALUE, min));
  }

  @Override
  public byte[] labels(ScalarImage probabilities) {
    if (probabilities.geometry().channels() != 3) {
      throw new IllegalArgumentException(
          "the liver/tumour decision needs 3 class channels (background, liver, "
              + "tumour), got "
              + probabilities.geometry().channels());
    }
    float[] p = probabilities.voxels();
    Shape shape = probabilities.geometry().shape();
    int n = shape.voxelsAsInt();
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      double organ = (double) p[n + i] + p[2 * n + i];
      if (organ > p[i]) {
        out[i] = (byte) (p[2 * n + i] > tumourThreshold * organ ? 2 : 1);
      }
    }
    if (minTumourVoxels > 1) {
      removeSmallTumours(out, shape, minTumourVoxels);
    }
    return out;
  }

  /** Relabels as liver every 6-connected tumour component of fewer than {@code min} voxels. */
  static void removeSmallTumours(byte[] labels, Shape shape, int min) {
    boolean[] tumour = new boolean[LabelMap.MAX_LABEL + 1];
    tumour[2] = true;
    int[] roots = ConnectedComponents.roots(labels, shape, tumour, 6);
    int[] sizes = ConnectedComponents.sizes(roots);
    for (int v = 0; v < labels.length; v++) {
      if (roots[v] >= 0 && sizes[roots[v]] < min) {
        labels[v] = 1;
      }
    }
  }
}
