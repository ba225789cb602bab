package org.liverseg.io.nifti;

import org.liverseg.io.Affine;

/**
 * Conversions between a NIfTI qform (unit quaternion, zooms, qfac, offset) and an affine, with
 * nibabel's arithmetic so that results agree with it to rounding.
 */
final class Quaternions {

  /** How far below 0 {@code 1 - b^2 - c^2 - d^2} may fall and still count as rounding (a = 0). */
  static final double NEGATIVE_W2_TOLERANCE = 1e-6;

  /** A qform: quaternion {@code (b, c, d)}, qfac and the three zooms. */
  record Qform(double[] bcd, double qfac, double[] zooms) {}

  private Quaternions() {}

  /** {@code a} of the unit quaternion, or NaN if {@code b^2 + c^2 + d^2} is clearly above 1. */
  static double quaternionA(double b, double c, double d) {
    double w2 = 1.0 - (b * b + c * c + d * d);
    if (w2 < 0) {
      return w2 < -NEGATIVE_W2_TOLERANCE ? Double.NaN : 0;
    }
    return Math.sqrt(w2);
  }

  /** The qform affine: {@code R(a, b, c, d) * diag(zx, zy, qfac * zz)} plus {@code offset}. */
  static Affine qformAffine(double[] bcd, double[] zooms, double qfac, double[] offset) {
    double x = bcd[0];
    double y = bcd[1];
    double z = bcd[2];
    double w = quaternionA(x, y, z);
    if (Double.isNaN(w)) {
      w = 0; // unreachable for headers that passed validation; keep a rotation anyway
    }
    // nibabel's quat2mat, which also accepts non-unit quaternions
    double n = w * w + x * x + y * y + z * z;
    double[] r;
    if (n < 1e-15) {
      r = new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    } else {
      double s = 2.0 / n;
      double xs = x * s;
      double ys = y * s;
      double zs = z * s;
      double wx = w * xs;
      double wy = w * ys;
      double wz = w * zs;
      double xx = x * xs;
      double xy = x * ys;
      double xz = x * zs;
      double yy = y * ys;
      double yz = y * zs;
      double zz = z * zs;
      r =
          new double[] {
            1.0 - (yy + zz),
            xy - wz,
            xz + wy,
            xy + wz,
            1.0 - (xx + zz),
            yz - wx,
            xz - wy,
            yz + wx,
            1.0 - (xx + yy)
          };
    }
    double[] zoom = {zooms[0], zooms[1], zooms[2] * qfac};
    return Affine.ofRowMajor(
        r[0] * zoom[0],
        r[1] * zoom[1],
        r[2] * zoom[2],
        offset[0],
        r[3] * zoom[0],
        r[4] * zoom[1],
        r[5] * zoom[2],
        offset[1],
        r[6] * zoom[0],
        r[7] * zoom[1],
        r[8] * zoom[2],
        offset[2]);
  }

  /**
   * The qform nibabel's {@code set_qform} stores for {@code affine}: zooms are the column lengths,
   * qfac is -1 when the rotation part has a negative determinant (the third column is flipped
   * then), shears are removed by taking the nearest orthogonal matrix (polar decomposition), and
   * the quaternion has a non-negative real part.
   */
  static Qform fromAffine(Affine affine) {
    double[] zooms = affine.spacing();
    double[] r = new double[9];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        r[3 * row + col] =
            zooms[col] == 0 ? (row == col ? 1 : 0) : affine.get(row, col) / zooms[col];
      }
    }
    double qfac = 1;
    if (det(r) < 0) {
      qfac = -1;
      r[2] = -r[2];
      r[5] = -r[5];
      r[8] = -r[8];
    }
    double[] q = orthogonalPart(r);
    double[] quat = toQuaternion(q);
    return new Qform(new double[] {quat[1], quat[2], quat[3]}, qfac, zooms);
  }

  private static double det(double[] m) {
    return m[0] * (m[4] * m[8] - m[5] * m[7])
        - m[1] * (m[3] * m[8] - m[5] * m[6])
        + m[2] * (m[3] * m[7] - m[4] * m[6]);
  }

  /** The orthogonal polar factor of {@code m} (Newton iteration X = (X + X^-T) / 2). */
  private static double[] orthogonalPart(double[] m) {
    double[] x = m.clone();
    for (int it = 0; it < 100; it++) {
      double d = det(x);
      if (d == 0 || !Double.isFinite(d)) {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
      }
      // inverse transpose = cofactor matrix / det
      double[] cof = {
        x[4] * x[8] - x[5] * x[7], x[5] * x[6] - x[3] * x[8], x[3] * x[7] - x[4] * x[6],
        x[2] * x[7] - x[1] * x[8], x[0] * x[8] - x[2] * x[6], x[1] * x[6] - x[0] * x[7],
        x[1] * x[5] - x[2] * x[4], x[2] * x[3] - x[0] * x[5], x[0] * x[4] - x[1] * x[3]
      };
      double change = 0;
      for (int i = 0; i < 9; i++) {
        double next = 0.5 * (x[i] + cof[i] / d);
        change = Math.max(change, Math.abs(next - x[i]));
        x[i] = next;
      }
      if (change < 1e-15) {
        break;
      }
    }
    return x;
  }

  /** Shepperd's method: the unit quaternion (w, x, y, z) of a rotation matrix, with w >= 0. */
  private static double[] toQuaternion(double[] m) {
    double trace = m[0] + m[4] + m[8];
    double w;
    double x;
    double y;
    double z;
    if (trace > 0) {
      double s = Math.sqrt(trace + 1.0) * 2;
      w = 0.25 * s;
      x = (m[7] - m[5]) / s;
      y = (m[2] - m[6]) / s;
      z = (m[3] - m[1]) / s;
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = Math.sqrt(1.0 + m[0] - m[4] - m[8]) * 2;
      w = (m[7] - m[5]) / s;
      x = 0.25 * s;
      y = (m[1] + m[3]) / s;
      z = (m[2] + m[6]) / s;
    } else if (m[4] > m[8]) {
      double s = Math.sqrt(1.0 + m[4] - m[0] - m[8]) * 2;
      w = (m[2] - m[6]) / s;
      x = (m[1] + m[3]) / s;
      y = 0.25 * s;
      z = (m[5] + m[7]) / s;
    } else {
      double s = Math.sqrt(1.0 + m[8] - m[0] - m[4]) * 2;
      w = (m[3] - m[1]) / s;
      x = (m[2] + m[6]) / s;
      y = (m[5] + m[7]) / s;
      z = 0.25 * s;
    }
    double norm = Math.sqrt(w * w + x * x + y * y + z * z);
    double sign = w < 0 ? -1 : 1;
    return new double[] {sign * w / norm, sign * x / norm, sign * y / norm, sign * z / norm};
  }
}
