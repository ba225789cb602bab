package org.liverseg.phantoms;

import java.util.SplittableRandom;

/**
 * The liver: a large right lobe and a smaller anterior left lobe, blended by a smooth minimum and
 * deformed by a low-frequency random field, so that its outline is irregular and changes from slice
 * to slice (never a plain ellipsoid).
 */
final class Liver {

  private static final double BLEND = 0.25;

  final Blob right;
  final Blob left;
  private final double amplitude;
  private final SmoothField field;
  private final SmoothField.Sampled sampled;

  Liver(SplittableRandom rng, Grid g, BodyShape body) {
    double cw = rng.nextDouble(0.58, 0.68);
    right =
        new Blob(
            body.u(rng.nextDouble(-0.46, -0.38)),
            body.v(rng.nextDouble(-0.08, 0.04)),
            cw,
            0.40 * body.semiU * rng.nextDouble(0.9, 1.1),
            0.62 * body.semiV * rng.nextDouble(0.9, 1.1),
            0.27 * rng.nextDouble(0.9, 1.15),
            rng.nextDouble(-0.3, 0.3),
            rng.nextDouble(-0.2, 0.2),
            0,
            null,
            g);
    left =
        new Blob(
            body.u(rng.nextDouble(-0.02, 0.12)),
            body.v(rng.nextDouble(-0.48, -0.38)),
            cw + rng.nextDouble(0.03, 0.09),
            0.30 * body.semiU * rng.nextDouble(0.8, 1.2),
            0.22 * body.semiV * rng.nextDouble(0.8, 1.2),
            0.15 * rng.nextDouble(0.8, 1.2),
            rng.nextDouble(-0.3, 0.3),
            0,
            0,
            null,
            g);
    amplitude = rng.nextDouble(0.18, 0.30);
    field = SmoothField.random(rng, g, 6, 0.3, 0.9);
    sampled = field.sample(g);
  }

  /** Implicit value at voxel (i, j, k): negative inside. */
  double value(Grid g, int i, int j, int k) {
    return smoothMin(right.value(g, i, j, k), left.value(g, i, j, k))
        + amplitude * sampled.at(i, j, k);
  }

  /** Implicit value at a continuous point. */
  double value(double u, double v, double w) {
    return smoothMin(right.value(u, v, w), left.value(u, v, w)) + amplitude * field.at(u, v, w);
  }

  /** Voxel box {i0, i1, j0, j1} of slice k that holds the liver's cross-section, or null. */
  int[] sliceBox(Grid g, int k) {
    double extra = amplitude * sampled.bound() + BLEND / 4;
    int[] a = right.sliceBox(g, k, extra);
    int[] b = left.sliceBox(g, k, extra);
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new int[] {
      Math.min(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.max(a[3], b[3])
    };
  }

  private static double smoothMin(double a, double b) {
    double h = Math.max(BLEND - Math.abs(a - b), 0) / BLEND;
    return Math.min(a, b) - h * h * BLEND / 4;
  }
}
