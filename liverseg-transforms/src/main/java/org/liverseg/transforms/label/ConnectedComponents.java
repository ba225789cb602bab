package org.liverseg.transforms.label;

import static com.google.common.base.Preconditions.checkArgument;

import org.liverseg.io.Shape;

/**
 * Connected components of the voxels whose label is foreground, by union-find in one pass over the
 * volume (x fastest). Shared by {@link KeepLargestComponent} and by callers that filter components
 * by size.
 */
public final class ConnectedComponents {

  private ConnectedComponents() {}

  /**
   * For every voxel, the index of its component's first voxel in memory order (its root), or -1 if
   * its label is not foreground.
   *
   * @param labels labels in the volume's voxel order (read as unsigned)
   * @param shape the volume's shape
   * @param foreground which labels (0-255) are foreground
   * @param connectivity 6 (faces) or 26 (faces, edges and corners)
   */
  public static int[] roots(byte[] labels, Shape shape, boolean[] foreground, int connectivity) {
    checkArgument(
        connectivity == 6 || connectivity == 26,
        "connectivity must be 6 or 26, got %s",
        connectivity);
    checkArgument(
        labels.length == shape.voxelsAsInt(),
        "%s labels for a volume of shape %s",
        labels.length,
        shape);
    int nx = shape.x();
    int ny = shape.y();
    int nz = shape.z();
    int n = labels.length;
    int[] parent = new int[n];
    // backward neighbours (already visited in memory order) as (dx, dy, dz)
    int[][] offsets =
        connectivity == 6 ? new int[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}} : backward26();
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          if (!foreground[labels[i] & 0xFF]) {
            parent[i] = -1;
            continue;
          }
          parent[i] = i;
          for (int[] o : offsets) {
            int qx = x + o[0];
            int qy = y + o[1];
            int qz = z + o[2];
            if (qx < 0 || qy < 0 || qz < 0 || qx >= nx || qy >= ny) {
              continue;
            }
            int q = qx + nx * (qy + ny * qz);
            if (parent[q] >= 0) {
              union(parent, i, q);
            }
          }
        }
      }
    }
    for (int v = 0; v < n; v++) {
      if (parent[v] >= 0) {
        parent[v] = find(parent, v);
      }
    }
    return parent;
  }

  /**
   * Voxels per component: {@code sizes[r]} for each root {@code r} of {@link #roots}, 0 elsewhere.
   */
  public static int[] sizes(int[] roots) {
    int[] size = new int[roots.length];
    for (int r : roots) {
      if (r >= 0) {
        size[r]++;
      }
    }
    return size;
  }

  private static int[][] backward26() {
    int[][] o = new int[13][];
    int t = 0;
    for (int dz = -1; dz <= 0; dz++) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          if (dz < 0 || dy < 0 || (dy == 0 && dx < 0)) {
            o[t++] = new int[] {dx, dy, dz};
          }
        }
      }
    }
    return o;
  }

  private static int find(int[] parent, int v) {
    int r = v;
    while (parent[r] != r) {
      r = parent[r];
    }
    while (parent[v] != r) { // path compression
      int next = parent[v];
      parent[v] = r;
      v = next;
    }
    return r;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      // the smaller index stays root, so a root is its component's first voxel
      if (ra < rb) {
        parent[rb] = ra;
      } else {
        parent[ra] = rb;
      }
    }
  }
}
