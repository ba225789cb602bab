package org.liverseg.sampling;

import org.liverseg.io.Box;
import org.liverseg.io.Shape;

/**
 * The linear indices of the voxels of each wanted label inside a box (the region of valid patch
 * centres), found with two passes over the region (count, then fill exact-size arrays), so that
 * drawing a uniform voxel of a label is one array read.
 */
final class LabelVoxels {

  private final int[] labelOfGroup;
  private final int[][] indices;

  private LabelVoxels(int[] labelOfGroup, int[][] indices) {
    this.labelOfGroup = labelOfGroup;
    this.indices = indices;
  }

  /**
   * Scans channel 0 of {@code labels}, a volume of {@code volume}, inside {@code region}. {@code
   * groupOfLabel[l]} is the group a voxel of label {@code l} joins, or -1 to ignore it; groups are
   * numbered from 0.
   */
  static LabelVoxels scan(byte[] labels, Shape volume, Box region, int[] groupOfLabel) {
    int groups = 0;
    for (int g : groupOfLabel) {
      groups = Math.max(groups, g + 1);
    }
    int[] labelOfGroup = new int[groups];
    for (int l = groupOfLabel.length - 1; l >= 0; l--) {
      if (groupOfLabel[l] >= 0) {
        labelOfGroup[groupOfLabel[l]] = l; // the smallest label of a group names it
      }
    }
    int sx = volume.x();
    int sxy = sx * volume.y();
    int[] counts = new int[groups];
    for (int z = region.z0(); z < region.z1(); z++) {
      for (int y = region.y0(); y < region.y1(); y++) {
        int base = z * sxy + y * sx;
        for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
          int g = groupOfLabel[labels[i] & 0xFF];
          if (g >= 0) {
            counts[g]++;
          }
        }
      }
    }
    int[][] indices = new int[groups][];
    for (int g = 0; g < groups; g++) {
      indices[g] = new int[counts[g]];
    }
    int[] fill = new int[groups];
    for (int z = region.z0(); z < region.z1(); z++) {
      for (int y = region.y0(); y < region.y1(); y++) {
        int base = z * sxy + y * sx;
        for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
          int g = groupOfLabel[labels[i] & 0xFF];
          if (g >= 0) {
            indices[g][fill[g]++] = i;
          }
        }
      }
    }
    return new LabelVoxels(labelOfGroup, indices);
  }

  /** Number of groups. */
  int groups() {
    return indices.length;
  }

  /** The (smallest) label of group {@code g}. */
  int label(int g) {
    return labelOfGroup[g];
  }

  /** Number of voxels of group {@code g} in the region. */
  int count(int g) {
    return indices[g].length;
  }

  /** The linear index of the {@code n}-th voxel of group {@code g}. */
  int voxel(int g, int n) {
    return indices[g][n];
  }
}
