package org.liverseg.phantoms;

/**
 * An organ-like solid: an ellipsoid in normalised coordinates whose centre may drift with w and
 * whose surface is pushed in and out by a smooth field. The implicit value is {@code rho - 1 +
 * amplitude * field}, where {@code rho} is the ellipsoidal radius; the solid is where it is
 * negative.
 */
final class Blob {

  private final double cu;
  private final double cv;
  private final double cw;
  private final double au;
  private final double av;
  private final double aw;
  private final double driftU;
  private final double driftV;
  private final double amplitude;
  private final SmoothField field;
  private final SmoothField.Sampled sampled;

  Blob(
      double cu,
      double cv,
      double cw,
      double au,
      double av,
      double aw,
      double driftU,
      double driftV,
      double amplitude,
      SmoothField field,
      Grid grid) {
    this.cu = cu;
    this.cv = cv;
    this.cw = cw;
    this.au = au;
    this.av = av;
    this.aw = aw;
    this.driftU = driftU;
    this.driftV = driftV;
    this.amplitude = field == null ? 0 : amplitude;
    this.field = field;
    this.sampled = field == null ? null : field.sample(grid);
  }

  /** The same ellipsoid without surface deformation. */
  static Blob ellipsoid(
      double cu, double cv, double cw, double au, double av, double aw, Grid grid) {
    return new Blob(cu, cv, cw, au, av, aw, 0, 0, 0, null, grid);
  }

  double cu() {
    return cu;
  }

  double cv() {
    return cv;
  }

  double cw() {
    return cw;
  }

  double au() {
    return au;
  }

  double av() {
    return av;
  }

  double aw() {
    return aw;
  }

  /** Ellipsoidal radius of (u, v, w): below 1 inside the undeformed ellipsoid. */
  double rho(double u, double v, double w) {
    double dw = (w - cw) / aw;
    double du = (u - cu - driftU * (w - cw)) / au;
    double dv = (v - cv - driftV * (w - cw)) / av;
    return Math.sqrt(du * du + dv * dv + dw * dw);
  }

  /** The implicit value at voxel (i, j, k) of the grid the blob was made for. */
  double value(Grid g, int i, int j, int k) {
    double r = rho(g.u(i), g.v(j), g.w(k)) - 1;
    return sampled == null ? r : r + amplitude * sampled.at(i, j, k);
  }

  /** The implicit value at a continuous point. */
  double value(double u, double v, double w) {
    double r = rho(u, v, w) - 1;
    return field == null ? r : r + amplitude * field.at(u, v, w);
  }

  /** How far (in units of rho) the deformation can push the surface out. */
  double slack() {
    return sampled == null ? 0 : amplitude * sampled.bound();
  }

  /**
   * The voxel box {i0, i1, j0, j1} (inclusive) that holds the blob's cross-section at slice k,
   * enlarged by {@code extra} units of rho, or null if the slice misses it.
   */
  int[] sliceBox(Grid g, int k, double extra) {
    double reach = 1 + slack() + extra;
    double w = g.w(k);
    double dw = (w - cw) / aw;
    double r2 = reach * reach - dw * dw;
    if (r2 <= 0) {
      return null;
    }
    double r = Math.sqrt(r2);
    double u0 = cu + driftU * (w - cw);
    double v0 = cv + driftV * (w - cw);
    int i0 = g.i(u0 - r * au) - 1;
    int i1 = g.i(u0 + r * au) + 1;
    int j0 = g.j(v0 - r * av) - 1;
    int j1 = g.j(v0 + r * av) + 1;
    return new int[] {
      Math.max(0, i0), Math.min(g.nx() - 1, i1), Math.max(0, j0), Math.min(g.ny() - 1, j1)
    };
  }
}
