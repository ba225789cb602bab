package org.liverseg.phantoms;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Rasterises an {@link Anatomy} into a CT volume (HU) and a label volume (0 background, 1 liver, 2
 * tumour). Slices are painted independently (in parallel), background layers first and organs on
 * top within their bounding boxes; then the clean volume is blurred and noise is added. Each
 * slice's noise comes from a generator derived from the case seed and the slice index, so the
 * result does not depend on how many threads ran.
 */
final class Renderer {

  static final byte LIVER = 1;
  static final byte TUMOUR = 2;

  private static final double AIR_HU = -1000;
  private static final double LUNG_HU = -850;
  private static final double GAS_HU = -900;
  private static final double CORTEX_HU = 750;
  private static final double MARROW_HU = 260;
  private static final double DISC_HU = 85;
  private static final double CSF_HU = 12;
  private static final double STOMACH_WALL_HU = 45;
  private static final double STOMACH_FLUID_HU = 10;
  private static final double SINUS_FAT_HU = -70;

  private final Anatomy a;
  private final Grid g;
  private final long seed;

  Renderer(Anatomy anatomy, long caseSeed) {
    this.a = anatomy;
    this.g = anatomy.grid;
    this.seed = caseSeed;
  }

  /** The rendered volumes: HU as whole numbers in [-1024, 3071] and labels. */
  record Volumes(float[] hu, byte[] labels) {}

  Volumes render() {
    int n = g.sliceSize() * g.nz();
    float[] clean = new float[n];
    byte[] labels = new byte[n];
    IntStream.range(0, g.nz()).parallel().forEach(k -> paintSlice(k, clean, labels));
    float[] hu = new float[n];
    double[] inPlane = gaussian(a.blurSigma, 2);
    double[] along = gaussian(0.5, 1);
    IntStream.range(0, g.nz()).parallel().forEach(k -> blurAndNoise(k, clean, hu, inPlane, along));
    return new Volumes(hu, labels);
  }

  // ---------------------------------------------------------------- painting one slice

  private void paintSlice(int k, float[] hu, byte[] labels) {
    int nx = g.nx();
    int off = k * g.sliceSize();
    byte[] region = new byte[g.sliceSize()];
    double w = g.w(k);
    for (int j = 0; j < g.ny(); j++) {
      double v = g.v(j);
      boolean gasAllowed = v < a.body.v(0.2) && w < 0.65;
      for (int i = 0; i < nx; i++) {
        byte r = a.body.region(g.u(i), v, k);
        region[i + nx * j] = r;
        double value;
        if (r == BodyShape.AIR) {
          value = AIR_HU;
        } else if (r == BodyShape.FAT) {
          value = a.fatHu + 8 * tex(i, j, k);
        } else if (r == BodyShape.MUSCLE) {
          value = a.muscleHu + 5 * tex(i, j, k);
        } else {
          // mesenteric fat and bowel loops, with the odd gas pocket
          double m =
              (a.bowel.at(i, j, k) + 0.3 * a.fineTexture.at(i, j, k) - a.bowelThreshold) * 12;
          double mix = 1 / (1 + Math.exp(-m));
          value = a.fatHu + (a.bowelHu - a.fatHu) * mix + 6 * tex(i, j, k);
          if (gasAllowed && mix > 0.7 && a.gas.at(i, j, k) > 0.55) {
            value = GAS_HU;
          }
        }
        hu[off + i + nx * j] = (float) value;
      }
    }
    paintBlob(k, a.lungLeft, LUNG_HU, 30, hu, region);
    paintBlob(k, a.lungRight, LUNG_HU, 30, hu, region);
    paintPsoas(k, hu, region);
    paintKidney(k, a.kidneyLeft, hu, region);
    paintKidney(k, a.kidneyRight, hu, region);
    paintBlob(k, a.spleen, a.spleenHu, 3, hu, region);
    paintStomach(k, hu, region);
    paintDisc(k, a.ivc[0], a.ivc[1], a.ivc[2], a.ivcHu, hu, region, true);
    paintDisc(k, a.aorta[0], a.aorta[1], a.aorta[2], a.aortaHu, hu, region, true);
    paintParaspinal(k, hu, region);
    paintSpine(k, hu, region);
    paintRibs(k, hu, region);
    paintLiver(k, hu, labels, region);
    paintVessels(k, hu, labels, region);
    paintTumours(k, hu, labels);
  }

  private void paintBlob(int k, Blob b, double base, double texAmp, float[] hu, byte[] region) {
    int[] box = b.sliceBox(g, k, 0);
    if (box == null) {
      return;
    }
    int off = k * g.sliceSize();
    for (int j = box[2]; j <= box[3]; j++) {
      for (int i = box[0]; i <= box[1]; i++) {
        int p = i + g.nx() * j;
        if (region[p] == BodyShape.INTERIOR && b.value(g, i, j, k) < 0) {
          hu[off + p] = (float) (base + texAmp * tex(i, j, k));
        }
      }
    }
  }

  private void paintKidney(int k, Blob b, float[] hu, byte[] region) {
    int[] box = b.sliceBox(g, k, 0);
    if (box == null) {
      return;
    }
    int off = k * g.sliceSize();
    for (int j = box[2]; j <= box[3]; j++) {
      for (int i = box[0]; i <= box[1]; i++) {
        int p = i + g.nx() * j;
        if (region[p] == BodyShape.INTERIOR && b.value(g, i, j, k) < 0) {
          boolean sinus = b.rho(g.u(i), g.v(j), g.w(k)) < 0.4;
          hu[off + p] = (float) (sinus ? SINUS_FAT_HU : a.kidneyHu + 8 * tex(i, j, k));
        }
      }
    }
  }

  private void paintStomach(int k, float[] hu, byte[] region) {
    Blob b = a.stomach;
    int[] box = b.sliceBox(g, k, 0);
    if (box == null) {
      return;
    }
    int off = k * g.sliceSize();
    double gasLevel = b.cv() - 0.35 * b.av();
    for (int j = box[2]; j <= box[3]; j++) {
      for (int i = box[0]; i <= box[1]; i++) {
        int p = i + g.nx() * j;
        double val = b.value(g, i, j, k);
        if (region[p] == BodyShape.INTERIOR && val < 0) {
          double value;
          if (val > -0.22) {
            value = STOMACH_WALL_HU + 4 * tex(i, j, k);
          } else if (a.stomachGas && g.v(j) < gasLevel) {
            value = GAS_HU;
          } else {
            value = STOMACH_FLUID_HU + 4 * tex(i, j, k);
          }
          hu[off + p] = (float) value;
        }
      }
    }
  }

  private void paintPsoas(int k, float[] hu, byte[] region) {
    double w = g.w(k);
    if (w > 0.55) {
      return;
    }
    double r = a.psoas[3] * (0.4 + 0.6 * (0.55 - w) / 0.55);
    paintDisc(k, a.psoas[0], a.psoas[2], r, a.muscleHu, hu, region, true);
    paintDisc(k, a.psoas[1], a.psoas[2], r, a.muscleHu, hu, region, true);
  }

  private void paintParaspinal(int k, float[] hu, byte[] region) {
    for (int side = 0; side < 2; side++) {
      double cu = a.paraspinal[side];
      double cv = a.paraspinal[2];
      double au = a.paraspinal[3];
      double av = a.paraspinal[4];
      forBox(
          cu,
          cv,
          Math.max(au, av),
          (i, j, p) -> {
            double du = (g.u(i) - cu) / au;
            double dv = (g.v(j) - cv) / av;
            if (region[p] != BodyShape.AIR && du * du + dv * dv < 1) {
              hu[k * g.sliceSize() + p] = (float) (a.muscleHu + 5 * tex(i, j, k));
            }
          });
    }
  }

  /**
   * A vertical cylinder of radius r (in-plane units) painted in the abdomen (or anywhere in the
   * body).
   */
  private void paintDisc(
      int k,
      double cu,
      double cv,
      double r,
      double value,
      float[] hu,
      byte[] region,
      boolean interiorOnly) {
    int off = k * g.sliceSize();
    forBox(
        cu,
        cv,
        r,
        (i, j, p) -> {
          double du = g.u(i) - cu;
          double dv = g.v(j) - cv;
          boolean allowed =
              interiorOnly ? region[p] == BodyShape.INTERIOR : region[p] != BodyShape.AIR;
          if (allowed && du * du + dv * dv < r * r) {
            hu[off + p] = (float) (value + 4 * tex(i, j, k));
          }
        });
  }

  private void paintSpine(int k, float[] hu, byte[] region) {
    int off = k * g.sliceSize();
    double w = g.w(k);
    double phase = w / a.discPeriodW + a.discPhase;
    boolean disc = phase - Math.floor(phase) < 0.18;
    double vr = a.vertebraR;
    double cr = a.canalR;
    double spinousV = a.canalV + cr + 0.05 * vr / 0.115;
    forBox(
        a.vertebraU,
        a.canalV,
        vr + 2 * cr + 0.1,
        (i, j, p) -> {
          if (region[p] == BodyShape.AIR) {
            return;
          }
          double u = g.u(i) - a.vertebraU;
          double v = g.v(j);
          double dBody = Math.hypot(u, v - a.vertebraV);
          double dCanal = Math.hypot(u, v - a.canalV);
          double value = Double.NaN;
          if (dBody < vr) {
            value = disc ? DISC_HU : dBody > vr - 0.018 ? CORTEX_HU : MARROW_HU;
          } else if (dCanal < cr) {
            value = CSF_HU;
          } else if (!disc && dCanal < cr * 1.7 && v > a.canalV - 0.2 * cr) {
            value = CORTEX_HU - 150;
          } else if (!disc && Math.abs(u) < 0.018 && v > a.canalV && v < spinousV + 0.05) {
            value = CORTEX_HU - 150;
          }
          if (!Double.isNaN(value)) {
            hu[off + p] = (float) (value + 10 * tex(i, j, k));
          }
        });
  }

  private void paintRibs(int k, float[] hu, byte[] region) {
    double w = g.w(k);
    if (w < a.ribLowW) {
      return;
    }
    int off = k * g.sliceSize();
    double r = a.ribR;
    for (int rib = 0; rib < a.ribTheta.length; rib++) {
      if (Math.sin(2 * Math.PI * w / a.ribPeriodW + a.ribPhase[rib]) < 0.1) {
        continue;
      }
      double[] c = a.body.musclePoint(a.ribTheta[rib], k);
      forBox(
          c[0],
          c[1],
          r,
          (i, j, p) -> {
            double d = Math.hypot(g.u(i) - c[0], g.v(j) - c[1]);
            if (region[p] != BodyShape.AIR && d < r) {
              hu[off + p] = (float) (d > 0.55 * r ? CORTEX_HU - 100 : MARROW_HU);
            }
          });
    }
  }

  // ---------------------------------------------------------------- liver, vessels, tumours

  /**
   * Whether voxel (i, j, k) is liver: inside the liver's implicit surface, in the abdomen and clear
   * of the spine, back muscles and aorta. Painting and the tumour enclosure check both use this one
   * function, so they agree exactly.
   */
  boolean liverInside(int i, int j, int k) {
    double u = g.u(i);
    double v = g.v(j);
    if (a.body.region(u, v, k) != BodyShape.INTERIOR || blocked(u, v)) {
      return false;
    }
    return a.liver.value(g, i, j, k) < 0;
  }

  private boolean blocked(double u, double v) {
    double du = u - a.vertebraU;
    if (Math.hypot(du, v - a.vertebraV) < a.vertebraR + 0.03
        || (Math.abs(du) < a.vertebraR && v > a.vertebraV)) {
      return true;
    }
    if (Math.hypot(u - a.aorta[0], v - a.aorta[1]) < a.aorta[2] + 0.01) {
      return true;
    }
    for (int side = 0; side < 2; side++) {
      double pu = (u - a.paraspinal[side]) / a.paraspinal[3];
      double pv = (v - a.paraspinal[2]) / a.paraspinal[4];
      if (pu * pu + pv * pv < 1.1) {
        return true;
      }
    }
    return false;
  }

  private void paintLiver(int k, float[] hu, byte[] labels, byte[] region) {
    int[] box = a.liver.sliceBox(g, k);
    if (box == null) {
      return;
    }
    int off = k * g.sliceSize();
    for (int j = box[2]; j <= box[3]; j++) {
      for (int i = box[0]; i <= box[1]; i++) {
        int p = i + g.nx() * j;
        if (region[p] == BodyShape.INTERIOR && liverInside(i, j, k)) {
          hu[off + p] = (float) (a.liverHu + 5 * tex(i, j, k));
          labels[off + p] = LIVER;
        }
      }
    }
  }

  private void paintVessels(int k, float[] hu, byte[] labels, byte[] region) {
    int off = k * g.sliceSize();
    double w = g.w(k);
    for (Tube t : a.vessels) {
      int[] box = t.sliceBox(g, k);
      if (box == null) {
        continue;
      }
      double r2 = t.radiusMm() * t.radiusMm();
      for (int j = box[2]; j <= box[3]; j++) {
        for (int i = box[0]; i <= box[1]; i++) {
          int p = i + g.nx() * j;
          boolean allowed =
              t.insideLiverOnly()
                  ? labels[off + p] == LIVER
                  : region[p] == BodyShape.INTERIOR && !blocked(g.u(i), g.v(j));
          if (allowed && t.distanceSquaredMm(g, g.u(i), g.v(j), w) < r2) {
            hu[off + p] = (float) (t.hu() + 5 * tex(i, j, k));
          }
        }
      }
    }
  }

  private void paintTumours(int k, float[] hu, byte[] labels) {
    int off = k * g.sliceSize();
    int nx = g.nx();
    for (Anatomy.Tumour t : a.tumours) {
      int[] box = t.blob().sliceBox(g, k, 0);
      if (box == null) {
        continue;
      }
      for (int j = box[2]; j <= box[3]; j++) {
        for (int i = box[0]; i <= box[1]; i++) {
          int p = i + nx * j;
          if (labels[off + p] == 0) {
            continue;
          }
          double val = t.blob().value(g, i, j, k);
          if (val >= 0 || !enclosedByLiver(i, j, k, labels)) {
            continue;
          }
          double core = val < -0.5 && t.radiusMm() > 12 ? -12 : 0;
          hu[off + p] = (float) (a.liverHu - t.deltaHu() + core + 5 * tex(i, j, k));
          labels[off + p] = TUMOUR;
        }
      }
    }
  }

  /** Whether all in-volume 6-neighbours of (i, j, k) are liver (or tumour). */
  private boolean enclosedByLiver(int i, int j, int k, byte[] labels) {
    int nx = g.nx();
    int off = k * g.sliceSize();
    // in-plane neighbours are already painted in this slice; the others are recomputed
    if ((i > 0 && labels[off + i - 1 + nx * j] == 0)
        || (i < nx - 1 && labels[off + i + 1 + nx * j] == 0)
        || (j > 0 && labels[off + i + nx * (j - 1)] == 0)
        || (j < g.ny() - 1 && labels[off + i + nx * (j + 1)] == 0)) {
      return false;
    }
    return (k == 0 || liverInside(i, j, k - 1)) && (k == g.nz() - 1 || liverInside(i, j, k + 1));
  }

  // ---------------------------------------------------------------- blur and noise

  private void blurAndNoise(int k, float[] clean, float[] out, double[] inPlane, double[] along) {
    int nx = g.nx();
    int ny = g.ny();
    int ss = g.sliceSize();
    int nz = g.nz();
    float[] s = new float[ss];
    // along z
    int rz = along.length / 2;
    for (int t = -rz; t <= rz; t++) {
      int kk = Math.max(0, Math.min(nz - 1, k + t));
      float wt = (float) along[t + rz];
      int off = kk * ss;
      for (int p = 0; p < ss; p++) {
        s[p] += wt * clean[off + p];
      }
    }
    float[] tmp = new float[ss];
    convolveX(s, tmp, inPlane, nx, ny);
    convolveY(tmp, s, inPlane, nx, ny);
    // correlated noise: white noise smoothed by [1 2 1]/4 on both axes, rescaled to the target std
    SplittableRandom rng =
        new SplittableRandom(PhantomGenerator.mix(seed + 0x9E3779B97F4A7C15L * (k + 1)));
    float[] noise = new float[ss];
    for (int p = 0; p < ss; p++) {
      noise[p] = (float) rng.nextGaussian();
    }
    double[] smooth = {0.25, 0.5, 0.25};
    convolveX(noise, tmp, smooth, nx, ny);
    convolveY(tmp, noise, smooth, nx, ny);
    float scale = (float) (a.noiseSigma / 0.375);
    int off = k * ss;
    for (int p = 0; p < ss; p++) {
      float v = Math.round(s[p] + scale * noise[p]);
      out[off + p] = Math.max(-1024f, Math.min(3071f, v));
    }
  }

  private static void convolveX(float[] in, float[] out, double[] kernel, int nx, int ny) {
    int r = kernel.length / 2;
    for (int j = 0; j < ny; j++) {
      int row = j * nx;
      for (int i = 0; i < nx; i++) {
        double acc = 0;
        for (int t = -r; t <= r; t++) {
          int ii = Math.max(0, Math.min(nx - 1, i + t));
          acc += kernel[t + r] * in[row + ii];
        }
        out[row + i] = (float) acc;
      }
    }
  }

  private static void convolveY(float[] in, float[] out, double[] kernel, int nx, int ny) {
    int r = kernel.length / 2;
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        double acc = 0;
        for (int t = -r; t <= r; t++) {
          int jj = Math.max(0, Math.min(ny - 1, j + t));
          acc += kernel[t + r] * in[jj * nx + i];
        }
        out[j * nx + i] = (float) acc;
      }
    }
  }

  private static double[] gaussian(double sigma, int radius) {
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int t = -radius; t <= radius; t++) {
      k[t + radius] = Math.exp(-t * t / (2 * sigma * sigma));
      sum += k[t + radius];
    }
    for (int t = 0; t < k.length; t++) {
      k[t] /= sum;
    }
    return k;
  }

  // ---------------------------------------------------------------- helpers

  /** Tissue texture at a voxel: two octaves of value noise, about [-1, 1]. */
  private double tex(int i, int j, int k) {
    return 0.6 * a.texture.at(i, j, k) + 0.6 * a.fineTexture.at(i, j, k);
  }

  private interface VoxelAction {
    void at(int i, int j, int p);
  }

  /**
   * Runs {@code action} on every voxel of the current slice within r (in-plane units) of (cu, cv).
   */
  private void forBox(double cu, double cv, double r, VoxelAction action) {
    int i0 = Math.max(0, g.i(cu - r) - 1);
    int i1 = Math.min(g.nx() - 1, g.i(cu + r) + 1);
    int j0 = Math.max(0, g.j(cv - r) - 1);
    int j1 = Math.min(g.ny() - 1, g.j(cv + r) + 1);
    for (int j = j0; j <= j1; j++) {
      for (int i = i0; i <= i1; i++) {
        action.at(i, j, i + g.nx() * j);
      }
    }
  }
}
