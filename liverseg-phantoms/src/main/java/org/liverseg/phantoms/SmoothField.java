package org.liverseg.phantoms;

import java.util.SplittableRandom;

/**
 * A smooth random scalar field on normalised coordinates: a sum of a few products of cosines along
 * u, v and w with random wavelengths and phases. It deforms organ outlines and gives tissues their
 * texture. Values have a standard deviation of about 1/3 and never exceed {@link #bound()} in
 * absolute value.
 *
 * <p>Because each term is separable, sampling the field on a grid needs only per-axis tables
 * ({@link Sampled}), a few multiply-adds per voxel.
 */
final class SmoothField {

  private final double[] amp;
  private final double[] fu;
  private final double[] fv;
  private final double[] fw;
  private final double[] pu;
  private final double[] pv;
  private final double[] pw;

  private SmoothField(int terms) {
    amp = new double[terms];
    fu = new double[terms];
    fv = new double[terms];
    fw = new double[terms];
    pu = new double[terms];
    pv = new double[terms];
    pw = new double[terms];
  }

  /**
   * A field of {@code terms} terms whose wavelengths (in in-plane units, i.e. physically, along all
   * three axes) lie in {@code [minWavelength, maxWavelength]}.
   */
  static SmoothField random(
      SplittableRandom rng, Grid grid, int terms, double minWavelength, double maxWavelength) {
    SmoothField f = new SmoothField(terms);
    // product of three cosines with random phases has variance 1/8; scale the sum to std 1/3
    double a = Math.sqrt(8.0 / (9.0 * terms));
    for (int t = 0; t < terms; t++) {
      f.amp[t] = a;
      f.fu[t] = frequency(rng, minWavelength, maxWavelength);
      f.fv[t] = frequency(rng, minWavelength, maxWavelength);
      f.fw[t] = frequency(rng, minWavelength, maxWavelength) * grid.wStretch();
      f.pu[t] = rng.nextDouble(2 * Math.PI);
      f.pv[t] = rng.nextDouble(2 * Math.PI);
      f.pw[t] = rng.nextDouble(2 * Math.PI);
    }
    return f;
  }

  private static double frequency(
      SplittableRandom rng, double minWavelength, double maxWavelength) {
    return 2 * Math.PI / rng.nextDouble(minWavelength, maxWavelength);
  }

  /** The largest absolute value the field can take. */
  double bound() {
    double s = 0;
    for (double a : amp) {
      s += a;
    }
    return s;
  }

  /** The field at a continuous point. */
  double at(double u, double v, double w) {
    double s = 0;
    for (int t = 0; t < amp.length; t++) {
      s +=
          amp[t]
              * Math.cos(fu[t] * u + pu[t])
              * Math.cos(fv[t] * v + pv[t])
              * Math.cos(fw[t] * w + pw[t]);
    }
    return s;
  }

  /** Per-axis tables of this field on {@code grid}. */
  Sampled sample(Grid grid) {
    int n = amp.length;
    double[] tu = new double[grid.nx() * n];
    double[] tv = new double[grid.ny() * n];
    double[] tw = new double[grid.nz() * n];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < grid.nx(); i++) {
        tu[i * n + t] = amp[t] * Math.cos(fu[t] * grid.u(i) + pu[t]);
      }
      for (int j = 0; j < grid.ny(); j++) {
        tv[j * n + t] = Math.cos(fv[t] * grid.v(j) + pv[t]);
      }
      for (int k = 0; k < grid.nz(); k++) {
        tw[k * n + t] = Math.cos(fw[t] * grid.w(k) + pw[t]);
      }
    }
    return new Sampled(n, tu, tv, tw, bound());
  }

  /** A field sampled on a grid; immutable and thread-safe. */
  static final class Sampled {
    private final int n;
    private final double[] tu;
    private final double[] tv;
    private final double[] tw;
    private final double bound;

    private Sampled(int n, double[] tu, double[] tv, double[] tw, double bound) {
      this.n = n;
      this.tu = tu;
      this.tv = tv;
      this.tw = tw;
      this.bound = bound;
    }

    /** The largest absolute value. */
    double bound() {
      return bound;
    }

    /** The field at voxel (i, j, k). */
    double at(int i, int j, int k) {
      double s = 0;
      int a = i * n;
      int b = j * n;
      int c = k * n;
      for (int t = 0; t < n; t++) {
        s += tu[a + t] * tv[b + t] * tw[c + t];
      }
      return s;
    }

    /**
     * Fills {@code row} (length = terms) so that {@link #atRow} gives the field along row (j, k).
     */
    void row(int j, int k, double[] row) {
      int b = j * n;
      int c = k * n;
      for (int t = 0; t < n; t++) {
        row[t] = tv[b + t] * tw[c + t];
      }
    }

    /** The field at column {@code i} of a row prepared by {@link #row}. */
    double atRow(int i, double[] row) {
      double s = 0;
      int a = i * n;
      for (int t = 0; t < n; t++) {
        s += tu[a + t] * row[t];
      }
      return s;
    }

    int terms() {
      return n;
    }
  }
}
