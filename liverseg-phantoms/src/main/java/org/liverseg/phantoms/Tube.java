package org.liverseg.phantoms;

/**
 * A straight vessel segment from p0 to p1 (normalised coordinates) with a radius in millimetres;
 * distances are measured in millimetres so that vessels are round whatever the voxel spacing.
 *
 * @param u0 start u
 * @param v0 start v
 * @param w0 start w
 * @param u1 end u
 * @param v1 end v
 * @param w1 end w
 * @param radiusMm radius in millimetres
 * @param hu intensity of the contrast-filled lumen
 * @param insideLiverOnly whether the vessel is drawn only inside the liver (hepatic branches) or
 *     anywhere in the abdomen (portal trunk)
 */
record Tube(
    double u0,
    double v0,
    double w0,
    double u1,
    double v1,
    double w1,
    double radiusMm,
    double hu,
    boolean insideLiverOnly) {

  /** Squared distance in mm from (u, v, w) to the segment. */
  double distanceSquaredMm(Grid g, double u, double v, double w) {
    double h = g.halfWidthMm();
    double c = g.coverageMm();
    double dx = (u1 - u0) * h;
    double dy = (v1 - v0) * h;
    double dz = (w1 - w0) * c;
    double px = (u - u0) * h;
    double py = (v - v0) * h;
    double pz = (w - w0) * c;
    double len2 = dx * dx + dy * dy + dz * dz;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy + pz * dz) / len2));
    double ex = px - t * dx;
    double ey = py - t * dy;
    double ez = pz - t * dz;
    return ex * ex + ey * ey + ez * ez;
  }

  /** The voxel box {i0, i1, j0, j1} of the tube's cross-section at slice k, or null. */
  int[] sliceBox(Grid g, int k) {
    double w = g.w(k);
    double rw = radiusMm / g.coverageMm();
    double lo = Math.min(w0, w1) - rw;
    double hi = Math.max(w0, w1) + rw;
    if (w < lo - 0.5 / g.nz() || w > hi + 0.5 / g.nz()) {
      return null;
    }
    double ru = radiusMm / g.halfWidthMm();
    int i0 = g.i(Math.min(u0, u1) - ru) - 1;
    int i1 = g.i(Math.max(u0, u1) + ru) + 1;
    int j0 = g.j(Math.min(v0, v1) - ru) - 1;
    int j1 = g.j(Math.max(v0, v1) + ru) + 1;
    return new int[] {
      Math.max(0, i0), Math.min(g.nx() - 1, i1), Math.max(0, j0), Math.min(g.ny() - 1, j1)
    };
  }
}
