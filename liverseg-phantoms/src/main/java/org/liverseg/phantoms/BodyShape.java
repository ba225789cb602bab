package org.liverseg.phantoms;

import java.util.SplittableRandom;

/**
 * The patient's outline, slice by slice: an ellipse whose axes and radius harmonics vary smoothly
 * along z, with a layer of subcutaneous fat (thicker at the flanks) and an abdominal-wall muscle
 * layer inside it, and a flattened back where the patient lies on the table.
 */
final class BodyShape {

  static final byte AIR = 0;
  static final byte FAT = 1;
  static final byte MUSCLE = 2;
  static final byte INTERIOR = 3;

  /** The back is cut flat at this ellipse radius (posterior side). */
  private static final double TABLE = 0.94;

  final double centreU;
  final double centreV;
  final double semiU;
  final double semiV;
  private final double[] bu;
  private final double[] bv;
  private final double[] a;
  private final double[] b;
  private final double[] harm; // per slice: c2, s2, c3, s3, c4, s4
  private final double[] fat0;
  private final double[] fatLat;
  private final double[] muscle;

  BodyShape(SplittableRandom rng, Grid g) {
    int nz = g.nz();
    centreU = rng.nextDouble(-0.04, 0.04);
    centreV = rng.nextDouble(-0.02, 0.06);
    semiU = rng.nextDouble(0.80, 0.90);
    semiV = rng.nextDouble(0.60, 0.70);
    double[] hAmp = new double[6];
    double[] hFreq = new double[6];
    double[] hPhase = new double[6];
    for (int h = 0; h < 6; h++) {
      hAmp[h] = rng.nextDouble(0.005, h < 2 ? 0.04 : 0.02);
      hFreq[h] = rng.nextDouble(0.3, 1.5);
      hPhase[h] = rng.nextDouble(2 * Math.PI);
    }
    double axisFreq = rng.nextDouble(0.5, 1.5);
    double axisPhase = rng.nextDouble(2 * Math.PI);
    double fatBase = rng.nextDouble(0.05, 0.12);
    double fatLatBase = rng.nextDouble(0.01, 0.04);
    double muscleBase = rng.nextDouble(0.035, 0.06);
    bu = new double[nz];
    bv = new double[nz];
    a = new double[nz];
    b = new double[nz];
    harm = new double[6 * nz];
    fat0 = new double[nz];
    fatLat = new double[nz];
    muscle = new double[nz];
    for (int k = 0; k < nz; k++) {
      double w = g.w(k);
      double s = Math.sin(2 * Math.PI * axisFreq * w + axisPhase);
      bu[k] = centreU + 0.01 * s;
      bv[k] = centreV;
      // the abdomen narrows slightly towards the pelvis and widens towards the lower ribs
      a[k] = semiU * (1 + 0.03 * s + 0.04 * (w - 0.5));
      b[k] = semiV * (1 + 0.03 * Math.cos(2 * Math.PI * axisFreq * w + axisPhase));
      for (int h = 0; h < 6; h++) {
        harm[6 * k + h] = hAmp[h] * Math.sin(2 * Math.PI * hFreq[h] * w + hPhase[h]);
      }
      fat0[k] = fatBase * (1 + 0.15 * s);
      fatLat[k] = fatLatBase;
      muscle[k] = muscleBase;
    }
  }

  /**
   * Which layer (u, v) of slice k lies in: {@link #AIR}, {@link #FAT}, {@link #MUSCLE} or {@link
   * #INTERIOR}.
   */
  byte region(double u, double v, int k) {
    double du = (u - bu[k]) / a[k];
    double dv = (v - bv[k]) / b[k];
    if (dv > TABLE) {
      return AIR;
    }
    double rho = Math.sqrt(du * du + dv * dv);
    if (rho == 0) {
      return INTERIOR;
    }
    double c1 = du / rho;
    double s1 = dv / rho;
    double c2 = c1 * c1 - s1 * s1;
    double s2 = 2 * c1 * s1;
    double c3 = c2 * c1 - s2 * s1;
    double s3 = s2 * c1 + c2 * s1;
    double c4 = c2 * c2 - s2 * s2;
    double s4 = 2 * c2 * s2;
    int o = 6 * k;
    double radius =
        1
            + harm[o] * c2
            + harm[o + 1] * s2
            + harm[o + 2] * c3
            + harm[o + 3] * s3
            + harm[o + 4] * c4
            + harm[o + 5] * s4;
    double r = rho / radius;
    if (r >= 1) {
      return AIR;
    }
    double fat = fat0[k] + fatLat[k] * c2;
    if (r >= 1 - fat) {
      return FAT;
    }
    return r >= 1 - fat - muscle[k] ? MUSCLE : INTERIOR;
  }

  /**
   * The point at angle {@code theta} (0 = patient's left, pi/2 = posterior) in the middle of the
   * muscle layer of slice k, as {u, v}.
   */
  double[] musclePoint(double theta, int k) {
    double c1 = Math.cos(theta);
    double s1 = Math.sin(theta);
    double c2 = Math.cos(2 * theta);
    int o = 6 * k;
    double radius =
        1
            + harm[o] * c2
            + harm[o + 1] * Math.sin(2 * theta)
            + harm[o + 2] * Math.cos(3 * theta)
            + harm[o + 3] * Math.sin(3 * theta)
            + harm[o + 4] * Math.cos(4 * theta)
            + harm[o + 5] * Math.sin(4 * theta);
    double fat = fat0[k] + fatLat[k] * c2;
    double r = radius * (1 - fat - muscle[k] / 2);
    return new double[] {bu[k] + a[k] * r * c1, bv[k] + b[k] * r * s1};
  }

  /** Normalised u of a point given in body units (the body ellipse is the unit circle). */
  double u(double bodyU) {
    return centreU + semiU * bodyU;
  }

  /** Normalised v of a point given in body units. */
  double v(double bodyV) {
    return centreV + semiV * bodyV;
  }

  /** Organ size factor: 1 for an average body. */
  double scale() {
    return (semiU + semiV) / 2 / 0.75;
  }
}
