package org.liverseg.transforms.spatial;

import org.liverseg.io.Affine;
import org.liverseg.io.Shape;

/**
 * The cubic B-spline control grid ITK's {@code BSplineTransformInitializer} lays over an image (as
 * SimpleITK's {@code BSplineTransformInitializer(image, meshSize)} does for TorchIO), and the voxel
 * map of a deformation on it.
 *
 * <p>Domain: the image's outer corners widened by {@code 1/8} voxel, i.e. continuous indices {@code
 * -0.625 .. size - 0.375} per axis, in LPS world coordinates. The domain origin is the corner
 * nearest the LPS bounding-box minimum; grid axis {@code d} is the image axis whose edge from that
 * corner makes the smallest angle with LPS axis {@code d} (first come, first served, as ITK). With
 * {@code m = n - 3} cells along a grid axis of {@code n} control points, the continuous control
 * index of a voxel at fraction {@code f} of the domain is {@code 1 + f m}; control point {@code p}
 * has the weight {@code B3(t - p)} of the cubic B-spline. Because every grid axis follows one image
 * axis, the control index depends on one voxel index only, also for oblique images.
 */
final class BsplineGrid {

  /** ITK's {@code BSplineTransformDomainEpsilon}, in voxels. */
  static final double EPSILON = 1.0 / 8;

  private static final double[] LPS = {-1, -1, 1};

  private final Shape shape;
  private final int[] controlPoints; // per grid axis
  private final int[] imageAxis; // grid axis -> image axis
  private final int[] gridAxis; // image axis -> grid axis
  private final boolean[] reversed; // per image axis: the domain origin is at its high end
  private final double[] spacingMm; // per grid axis
  private final double[][] inverseLinear; // RAS linear part inverse: mm -> voxels

  BsplineGrid(Shape shape, Affine affine, int[] controlPoints) {
    this.shape = shape;
    this.controlPoints = controlPoints.clone();
    double[][] m = affine.toArray();
    double[][] corners = new double[8][3];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int c = 0; c < 8; c++) {
      double[] index = new double[3];
      for (int i = 0; i < 3; i++) {
        index[i] = -0.5 - EPSILON + ((c >> i) & 1) * (shape.get(i) + 2 * EPSILON);
      }
      for (int r = 0; r < 3; r++) {
        double v = m[r][3];
        for (int i = 0; i < 3; i++) {
          v += m[r][i] * index[i];
        }
        corners[c][r] = LPS[r] * v;
        min[r] = Math.min(min[r], corners[c][r]);
      }
    }
    int origin = 0;
    double best = Double.MAX_VALUE;
    for (int c = 0; c < 8; c++) {
      double d2 = 0;
      for (int r = 0; r < 3; r++) {
        d2 += (corners[c][r] - min[r]) * (corners[c][r] - min[r]);
      }
      if (d2 < best) {
        best = d2;
        origin = c;
      }
    }
    imageAxis = new int[3];
    gridAxis = new int[3];
    boolean[] taken = new boolean[3];
    for (int d = 0; d < 3; d++) {
      double minAngle = Double.MAX_VALUE;
      int chosen = -1;
      for (int i = 0; i < 3; i++) {
        double[] e = corners[(1 << i) ^ origin];
        double[] v = {
          e[0] - corners[origin][0], e[1] - corners[origin][1], e[2] - corners[origin][2]
        };
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        double theta = Math.acos(Math.max(-1, Math.min(1, v[d] / norm)));
        if (theta < minAngle && !taken[i]) {
          minAngle = theta;
          chosen = i;
        }
      }
      taken[chosen] = true;
      imageAxis[d] = chosen;
      gridAxis[chosen] = d;
    }
    reversed = new boolean[3];
    spacingMm = new double[3];
    double[] columnNorm = affine.spacing();
    for (int d = 0; d < 3; d++) {
      int i = imageAxis[d];
      reversed[i] = ((origin >> i) & 1) == 1;
      spacingMm[d] = (shape.get(i) + 2 * EPSILON) * columnNorm[i] / (controlPoints[d] - 3);
    }
    inverseLinear = affine.inverse().toArray();
  }

  /** The control-point spacing along grid axis {@code d} in mm (ITK's coefficient-grid spacing). */
  double spacingMm(int d) {
    return spacingMm[d];
  }

  /** The image axis grid axis {@code d} follows. */
  int imageAxis(int d) {
    return imageAxis[d];
  }

  /** Whether grid axis {@code d} runs against the voxel order of its image axis. */
  boolean reversed(int d) {
    return reversed[imageAxis[d]];
  }

  /**
   * The continuous control index of voxel index {@code u} along image axis {@code axis}: {@code 1 +
   * f (n - 3)} with {@code f} the voxel's fraction of the widened domain from the origin corner.
   */
  double controlIndex(int axis, double u) {
    int n = shape.get(axis);
    double fromOrigin = reversed[axis] ? n - 0.5 + EPSILON - u : u + 0.5 + EPSILON;
    return 1 + fromOrigin / (n + 2 * EPSILON) * (controlPoints[gridAxis[axis]] - 3);
  }

  /**
   * The output-to-input voxel map of the deformation with LPS control displacements {@code
   * field[component][i + n0 * (j + n1 * k)]} (grid indices).
   */
  Resampler.VoxelMap voxelMap(double[][] field) {
    // the field re-indexed by image axes, so the row evaluation runs along voxel x
    int[] g = new int[3];
    for (int i = 0; i < 3; i++) {
      g[i] = controlPoints[gridAxis[i]];
    }
    double[][] byVoxelAxes = new double[3][field[0].length];
    int[] p = new int[3];
    for (int q2 = 0; q2 < g[2]; q2++) {
      for (int q1 = 0; q1 < g[1]; q1++) {
        for (int q0 = 0; q0 < g[0]; q0++) {
          p[gridAxis[0]] = q0;
          p[gridAxis[1]] = q1;
          p[gridAxis[2]] = q2;
          int from = p[0] + controlPoints[0] * (p[1] + controlPoints[1] * p[2]);
          int to = q0 + g[0] * (q1 + g[1] * q2);
          for (int c = 0; c < 3; c++) {
            // LPS displacement -> RAS displacement
            byVoxelAxes[c][to] = LPS[c] * field[c][from];
          }
        }
      }
    }
    Support ax = new Support(this, 0);
    Support ay = new Support(this, 1);
    Support az = new Support(this, 2);
    double[][] inv = inverseLinear;
    return (j, k, fx, fy, fz) -> {
      // collapse z then y: h[c][control index along x]
      double[][] h = new double[3][g[0]];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < g[0]; i++) {
          double s = 0;
          for (int bj = 0; bj < 4; bj++) {
            int jj = ay.start[j] + bj;
            double wy = ay.weight[4 * j + bj];
            for (int bk = 0; bk < 4; bk++) {
              int kk = az.start[k] + bk;
              s += wy * az.weight[4 * k + bk] * byVoxelAxes[c][i + g[0] * (jj + g[1] * kk)];
            }
          }
          h[c][i] = s;
        }
      }
      for (int i = 0; i < fx.length; i++) {
        double dx = 0;
        double dy = 0;
        double dz = 0;
        for (int bi = 0; bi < 4; bi++) {
          int ii = ax.start[i] + bi;
          double w = ax.weight[4 * i + bi];
          dx += w * h[0][ii];
          dy += w * h[1][ii];
          dz += w * h[2][ii];
        }
        fx[i] = i + inv[0][0] * dx + inv[0][1] * dy + inv[0][2] * dz;
        fy[i] = j + inv[1][0] * dx + inv[1][1] * dy + inv[1][2] * dz;
        fz[i] = k + inv[2][0] * dx + inv[2][1] * dy + inv[2][2] * dz;
      }
    };
  }

  /** First control index and the 4 cubic B-spline weights of every voxel along one image axis. */
  private static final class Support {
    final int[] start;
    final double[] weight;

    Support(BsplineGrid grid, int axis) {
      int size = grid.shape.get(axis);
      start = new int[size];
      weight = new double[4 * size];
      for (int u = 0; u < size; u++) {
        double t = grid.controlIndex(axis, u);
        int s = (int) Math.floor(t) - 1;
        start[u] = s;
        for (int m = 0; m < 4; m++) {
          weight[4 * u + m] = bspline3(t - (s + m));
        }
      }
    }
  }

  /** The cubic B-spline kernel. */
  static double bspline3(double x) {
    double ax = Math.abs(x);
    if (ax < 1) {
      return (4 - 6 * ax * ax + 3 * ax * ax * ax) / 6;
    }
    if (ax < 2) {
      double r = 2 - ax;
      return r * r * r / 6;
    }
    return 0;
  }
}
