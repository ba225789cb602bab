package org.liverseg.phantoms;

import java.util.SplittableRandom;

/**
 * Value noise: random values on a coarse lattice (cells of a given size in millimetres, so the
 * texture is isotropic whatever the voxel spacing), interpolated with a smoothstep. Unlike a sum of
 * a few cosines it has no visible periodicity, which makes it the texture of bowel, fat and
 * parenchyma. Values lie in [-1, 1]; interpolation per voxel costs 8 table reads.
 */
final class LatticeNoise {

  private final int cx;
  private final int cy;
  private final float[] values;
  private final int[] ci;
  private final int[] cj;
  private final int[] ck;
  private final float[] fi;
  private final float[] fj;
  private final float[] fk;

  LatticeNoise(SplittableRandom rng, Grid g, double cellMm) {
    double sx = 2 * g.halfWidthMm() / g.nx();
    double sz = g.coverageMm() / g.nz();
    ci = new int[g.nx()];
    fi = new float[g.nx()];
    cj = new int[g.ny()];
    fj = new float[g.ny()];
    ck = new int[g.nz()];
    fk = new float[g.nz()];
    cx = axis(g.nx(), sx / cellMm, ci, fi);
    cy = axis(g.ny(), sx / cellMm, cj, fj);
    int cz = axis(g.nz(), sz / cellMm, ck, fk);
    values = new float[cx * cy * cz];
    for (int t = 0; t < values.length; t++) {
      values[t] = (float) rng.nextDouble(-1, 1);
    }
  }

  /**
   * Fills the cell index and smoothstep weight of each voxel along one axis; returns lattice
   * points.
   */
  private static int axis(int n, double cellsPerVoxel, int[] cell, float[] frac) {
    for (int a = 0; a < n; a++) {
      double x = (a + 0.5) * cellsPerVoxel;
      int c = (int) Math.floor(x);
      double f = x - c;
      cell[a] = c;
      frac[a] = (float) (f * f * (3 - 2 * f));
    }
    return cell[n - 1] + 2;
  }

  /** The noise at voxel (i, j, k). */
  float at(int i, int j, int k) {
    int x = ci[i];
    int y = cj[j];
    int z = ck[k];
    float u = fi[i];
    float v = fj[j];
    float w = fk[k];
    int p = x + cx * (y + cy * z);
    int dy = cx;
    int dz = cx * cy;
    float a = lerp(values[p], values[p + 1], u);
    float b = lerp(values[p + dy], values[p + dy + 1], u);
    float c = lerp(values[p + dz], values[p + dz + 1], u);
    float d = lerp(values[p + dz + dy], values[p + dz + dy + 1], u);
    return lerp(lerp(a, b, v), lerp(c, d, v), w);
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }
}
