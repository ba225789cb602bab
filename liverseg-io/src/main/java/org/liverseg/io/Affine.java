package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * An immutable 4x4 voxel-to-world affine whose last row is {@code (0, 0, 0, 1)}: it maps a voxel
 * index {@code (i, j, k)} to a world position {@code (x, y, z)} in millimetres, in the RAS+
 * convention nibabel reports (+x Right, +y Anterior, +z Superior).
 *
 * <p>Spacing is the length of each of the first three columns, the origin is the translation
 * column, and the orientation code ("RAS", "LPS", ...) names, for each voxel axis, the world
 * direction it mostly points to, as nibabel's {@code aff2axcodes} does.
 */
public final class Affine {

  private static final Affine IDENTITY = diagonal(1, 1, 1);

  /** Row-major 3x4 upper part: {@code m[4*r + c]}. */
  private final double[] m;

  private Affine(double[] m) {
    this.m = m;
  }

  /** The identity affine: 1 mm isotropic voxels at the world origin. */
  public static Affine identity() {
    return IDENTITY;
  }

  /** A diagonal affine with the given spacings (signs allowed) and zero origin. */
  public static Affine diagonal(double sx, double sy, double sz) {
    return of(new double[][] {{sx, 0, 0, 0}, {0, sy, 0, 0}, {0, 0, sz, 0}});
  }

  /**
   * Creates an affine from a 3x4 or 4x4 row-major matrix. A 4x4 matrix must have the last row
   * {@code (0, 0, 0, 1)}.
   */
  public static Affine of(double[][] rows) {
    checkArgument(
        rows.length == 3 || rows.length == 4, "affine needs 3 or 4 rows, got %s", rows.length);
    double[] m = new double[12];
    for (int r = 0; r < 3; r++) {
      checkArgument(
          rows[r].length == 4, "affine row %s needs 4 columns, got %s", r, rows[r].length);
      System.arraycopy(rows[r], 0, m, 4 * r, 4);
    }
    if (rows.length == 4) {
      checkArgument(
          rows[3].length == 4
              && rows[3][0] == 0
              && rows[3][1] == 0
              && rows[3][2] == 0
              && rows[3][3] == 1,
          "the last affine row must be (0, 0, 0, 1), got %s",
          Arrays.toString(rows[3]));
    }
    for (double v : m) {
      checkArgument(
          Double.isFinite(v), "affine entries must be finite, got %s", Arrays.deepToString(rows));
    }
    return new Affine(m);
  }

  /** Creates an affine from 12 (3x4) or 16 (4x4) row-major values. */
  public static Affine ofRowMajor(double... values) {
    checkArgument(
        values.length == 12 || values.length == 16, "need 12 or 16 values, got %s", values.length);
    double[][] rows = new double[values.length / 4][4];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(values, 4 * r, rows[r], 0, 4);
    }
    return of(rows);
  }

  /** An affine from the 3x3 rotation-zoom-shear part (row-major, 9 values) and a translation. */
  public static Affine of(double[] rzs, double[] translation) {
    checkArgument(rzs.length == 9 && translation.length == 3, "need 9 + 3 values");
    return of(
        new double[][] {
          {rzs[0], rzs[1], rzs[2], translation[0]},
          {rzs[3], rzs[4], rzs[5], translation[1]},
          {rzs[6], rzs[7], rzs[8], translation[2]}
        });
  }

  /** Entry at row {@code r} (0..3) and column {@code c} (0..3). */
  public double get(int r, int c) {
    checkArgument(r >= 0 && r < 4 && c >= 0 && c < 4, "index (%s, %s) outside 4x4", r, c);
    if (r == 3) {
      return c == 3 ? 1 : 0;
    }
    return m[4 * r + c];
  }

  /** The matrix as a new 4x4 row-major array. */
  public double[][] toArray() {
    double[][] a = new double[4][4];
    for (int r = 0; r < 3; r++) {
      System.arraycopy(m, 4 * r, a[r], 0, 4);
    }
    a[3][3] = 1;
    return a;
  }

  /** World position of the (possibly fractional) voxel index {@code (i, j, k)}. */
  public double[] apply(double i, double j, double k) {
    return new double[] {
      m[0] * i + m[1] * j + m[2] * k + m[3],
      m[4] * i + m[5] * j + m[6] * k + m[7],
      m[8] * i + m[9] * j + m[10] * k + m[11]
    };
  }

  /** Voxel spacing: the Euclidean length of each of the first three columns. */
  public double[] spacing() {
    double[] s = new double[3];
    for (int c = 0; c < 3; c++) {
      s[c] = Math.sqrt(m[c] * m[c] + m[4 + c] * m[4 + c] + m[8 + c] * m[8 + c]);
    }
    return s;
  }

  /** World position of voxel {@code (0, 0, 0)}: the translation column. */
  public double[] origin() {
    return new double[] {m[3], m[7], m[11]};
  }

  /** This affine with another translation column. */
  public Affine withOrigin(double x, double y, double z) {
    double[] n = m.clone();
    n[3] = x;
    n[7] = y;
    n[11] = z;
    return new Affine(n);
  }

  /**
   * The affine of a grid whose voxel 0 is voxel {@code (di, dj, dk)} of this one (what cropping
   * {@code di} voxels, or padding {@code -di}, at the low side does): only the origin moves, to
   * {@code A * (di, dj, dk, 1)}.
   */
  public Affine shiftedBy(double di, double dj, double dk) {
    double[] o = apply(di, dj, dk);
    return withOrigin(o[0], o[1], o[2]);
  }

  /** The product {@code this * other} (apply {@code other} first). */
  public Affine multiply(Affine other) {
    double[][] a = toArray();
    double[][] b = other.toArray();
    double[][] c = new double[4][4];
    for (int r = 0; r < 4; r++) {
      for (int k = 0; k < 4; k++) {
        double s = 0;
        for (int t = 0; t < 4; t++) {
          s += a[r][t] * b[t][k];
        }
        c[r][k] = s;
      }
    }
    c[3] = new double[] {0, 0, 0, 1};
    return of(c);
  }

  /**
   * The inverse affine (world to voxel).
   *
   * @throws IllegalStateException if the 3x3 part is singular
   */
  public Affine inverse() {
    double a = m[0],
        b = m[1],
        c = m[2],
        d = m[4],
        e = m[5],
        f = m[6],
        g = m[8],
        h = m[9],
        i = m[10];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (det == 0 || !Double.isFinite(det)) {
      throw new IllegalStateException("affine is singular and has no inverse: " + this);
    }
    double[] r = {
      (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
      (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
      (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
    };
    double[] t = new double[3];
    for (int row = 0; row < 3; row++) {
      t[row] = -(r[3 * row] * m[3] + r[3 * row + 1] * m[7] + r[3 * row + 2] * m[11]);
    }
    return of(r, t);
  }

  /**
   * The orientation code: for each voxel axis, the letter of the world direction it mostly points
   * to (R/L for world x, A/P for y, S/I for z), e.g. "RAS" or "LPS", exactly as nibabel's {@code
   * aff2axcodes}: the columns are normalised to unit length, the closest orthogonal matrix is taken
   * (the polar factor {@code U V^T} of the SVD, keeping singular values above {@code 3 * eps *
   * max}), and voxel axes are assigned in order 0, 1, 2 to the world axis of the largest absolute
   * entry of their column, each world axis used once. A voxel axis left without a direction (a
   * singular affine) gets {@code '?'}, where nibabel gives {@code None}.
   */
  public String orientation() {
    double[] s = spacing();
    double[][] rs = new double[3][3]; // [world][voxel], columns of unit length
    for (int w = 0; w < 3; w++) {
      for (int v = 0; v < 3; v++) {
        rs[w][v] = m[4 * w + v] / (s[v] == 0 ? 1 : s[v]);
      }
    }
    double[][] r = polarFactor(rs);
    char[] code = {'?', '?', '?'};
    for (int v = 0; v < 3; v++) {
      int best = 0;
      boolean allZero = true;
      for (int w = 0; w < 3; w++) {
        allZero &= Math.abs(r[w][v]) <= 1e-8; // numpy.allclose(col, 0)
        if (Math.abs(r[w][v]) > Math.abs(r[best][v])) {
          best = w; // first maximum wins, as numpy.argmax
        }
      }
      if (allZero) {
        continue;
      }
      boolean positive = r[best][v] >= 0;
      code[v] =
          switch (best) {
            case 0 -> positive ? 'R' : 'L';
            case 1 -> positive ? 'A' : 'P';
            default -> positive ? 'S' : 'I';
          };
      for (int c = 0; c < 3; c++) {
        r[best][c] = 0; // this world axis is taken
      }
    }
    return new String(code);
  }

  /**
   * The closest orthogonal matrix to {@code a} (on its range): {@code sum u_i v_i^T} over the
   * singular triplets with {@code sigma_i > 3 * eps * sigma_max}, from the eigen-decomposition of
   * {@code a^T a} (Jacobi rotations), as nibabel's {@code io_orientation} computes it with SVD.
   */
  private static double[][] polarFactor(double[][] a) {
    double[][] ata = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          ata[i][j] += a[k][i] * a[k][j];
        }
      }
    }
    double[][] vecs = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    jacobi(ata, vecs);
    double[] sigma = new double[3];
    double max = 0;
    for (int i = 0; i < 3; i++) {
      sigma[i] = Math.sqrt(Math.max(0, ata[i][i]));
      max = Math.max(max, sigma[i]);
    }
    double tol = max * 3 * Math.ulp(1.0);
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      if (sigma[i] <= tol) {
        continue;
      }
      double[] u = new double[3];
      for (int w = 0; w < 3; w++) {
        for (int k = 0; k < 3; k++) {
          u[w] += a[w][k] * vecs[k][i] / sigma[i];
        }
      }
      for (int w = 0; w < 3; w++) {
        for (int v = 0; v < 3; v++) {
          r[w][v] += u[w] * vecs[v][i];
        }
      }
    }
    return r;
  }

  /**
   * Diagonalises the symmetric 3x3 {@code s} in place; the eigenvectors end up in the columns of
   * {@code v}.
   */
  private static void jacobi(double[][] s, double[][] v) {
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = s[0][1] * s[0][1] + s[0][2] * s[0][2] + s[1][2] * s[1][2];
      double diag = s[0][0] * s[0][0] + s[1][1] * s[1][1] + s[2][2] * s[2][2];
      if (off <= 1e-30 * diag || off == 0) {
        return;
      }
      for (int p = 0; p < 2; p++) {
        for (int q = p + 1; q < 3; q++) {
          if (s[p][q] == 0) {
            continue;
          }
          double theta = (s[q][q] - s[p][p]) / (2 * s[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double sn = t * c;
          for (int k = 0; k < 3; k++) { // s <- J^T s J, columns then rows
            double skp = s[k][p];
            double skq = s[k][q];
            s[k][p] = c * skp - sn * skq;
            s[k][q] = sn * skp + c * skq;
          }
          for (int k = 0; k < 3; k++) {
            double spk = s[p][k];
            double sqk = s[q][k];
            s[p][k] = c * spk - sn * sqk;
            s[q][k] = sn * spk + c * sqk;
          }
          for (int k = 0; k < 3; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - sn * vkq;
            v[k][q] = sn * vkp + c * vkq;
          }
        }
      }
    }
  }

  /** Whether every entry differs from {@code other}'s by at most {@code tolerance}. */
  public boolean isClose(Affine other, double tolerance) {
    return maxAbsDifference(other) <= tolerance;
  }

  /** The largest absolute difference between corresponding entries. */
  public double maxAbsDifference(Affine other) {
    double d = 0;
    for (int t = 0; t < 12; t++) {
      d = Math.max(d, Math.abs(m[t] - other.m[t]));
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Affine a && Arrays.equals(m, a.m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < 3; r++) {
      sb.append(r == 0 ? "[" : ", [");
      for (int c = 0; c < 4; c++) {
        sb.append(c == 0 ? "" : ", ").append(m[4 * r + c]);
      }
      sb.append(']');
    }
    return sb.append(", [0, 0, 0, 1]]").toString();
  }
}
