package org.liverseg.phantoms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything drawn at random for one phantom case: grid and spacing, body outline, organs, vessels,
 * tumours and tissue intensities. All draws come, in a fixed order, from the case's own generator,
 * so a case depends only on the seed and its index.
 */
final class Anatomy {

  /** One tumour: its shape and how much darker than liver it is. */
  record Tumour(Blob blob, double deltaHu, double radiusMm) {}

  final Grid grid;
  final double spacingXy;
  final double spacingZ;
  final double[] origin;
  final BodyShape body;
  final Liver liver;
  final Blob spleen;
  final Blob kidneyLeft;
  final Blob kidneyRight;
  final Blob stomach;
  final boolean stomachGas;
  final Blob lungLeft;
  final Blob lungRight;
  final double vertebraU;
  final double vertebraV;
  final double vertebraR;
  final double canalV;
  final double canalR;
  final double discPeriodW;
  final double discPhase;
  final double[] paraspinal; // uLeft, uRight, v, au, av
  final double[] psoas; // uLeft, uRight, v, r at the bottom
  final double[] aorta; // u, v, r
  final double[] ivc; // u, v, r
  final double[] ribTheta;
  final double[] ribPhase;
  final double ribPeriodW;
  final double ribLowW;
  final double ribR;
  final List<Tube> vessels;
  final List<Tumour> tumours;
  final LatticeNoise texture;
  final LatticeNoise fineTexture;
  final LatticeNoise bowel;
  final LatticeNoise gas;
  final double bowelThreshold;

  // intensities (HU)
  final double fatHu;
  final double muscleHu;
  final double bowelHu;
  final double liverHu;
  final double spleenHu;
  final double kidneyHu;
  final double aortaHu;
  final double ivcHu;
  final double noiseSigma;
  final double blurSigma;

  Anatomy(SplittableRandom rng, PhantomSize size) {
    // grid: the same physical field of view for every size, sampled more coarsely when smaller
    double fullSpacing = rng.nextDouble(0.6, 0.9);
    double coverage = rng.nextDouble(180, 300);
    int nz;
    double sz;
    if (size.minZ() == size.maxZ()) {
      nz = size.minZ();
      sz = coverage / nz;
    } else {
      nz = rng.nextInt(size.minZ(), size.maxZ() + 1);
      sz = Math.max(1.5, Math.min(5.0, coverage / nz));
    }
    spacingXy = fullSpacing * PhantomSize.FULL_IN_PLANE / size.nx();
    spacingZ = round4(sz);
    grid = new Grid(size.nx(), size.ny(), nz, size.nx() * spacingXy / 2, nz * spacingZ);
    // LPS-like, as nibabel reports the MSD files: x and y run towards patient left and posterior
    origin =
        new double[] {
          round4(spacingXy * (size.nx() - 1) / 2 + rng.nextDouble(-10, 10)),
          round4(spacingXy * (size.ny() - 1) / 2 + rng.nextDouble(0, 40)),
          round4(-rng.nextDouble(300, 700))
        };

    body = new BodyShape(rng, grid);
    double sc = body.scale();
    liver = new Liver(rng, grid, body);
    spleen =
        new Blob(
            body.u(rng.nextDouble(0.52, 0.62)),
            body.v(rng.nextDouble(0.22, 0.36)),
            rng.nextDouble(0.64, 0.74),
            0.13 * body.semiU * rng.nextDouble(0.8, 1.2),
            0.24 * body.semiV * rng.nextDouble(0.8, 1.2),
            0.13 * rng.nextDouble(0.8, 1.2),
            rng.nextDouble(-0.3, 0.3),
            rng.nextDouble(-0.3, 0.3),
            0.15,
            SmoothField.random(rng, grid, 4, 0.2, 0.6),
            grid);
    kidneyLeft =
        new Blob(
            body.u(rng.nextDouble(0.36, 0.44)),
            body.v(rng.nextDouble(0.36, 0.46)),
            rng.nextDouble(0.36, 0.44),
            0.11 * body.semiU,
            0.15 * body.semiV,
            0.10 * rng.nextDouble(0.9, 1.1),
            0.1,
            0,
            0.1,
            SmoothField.random(rng, grid, 4, 0.2, 0.6),
            grid);
    kidneyRight =
        new Blob(
            body.u(rng.nextDouble(-0.44, -0.36)),
            body.v(rng.nextDouble(0.38, 0.48)),
            rng.nextDouble(0.30, 0.38),
            0.11 * body.semiU,
            0.15 * body.semiV,
            0.10 * rng.nextDouble(0.9, 1.1),
            -0.1,
            0,
            0.1,
            SmoothField.random(rng, grid, 4, 0.2, 0.6),
            grid);
    stomach =
        new Blob(
            body.u(rng.nextDouble(0.22, 0.36)),
            body.v(rng.nextDouble(-0.36, -0.22)),
            rng.nextDouble(0.66, 0.76),
            0.24 * body.semiU * rng.nextDouble(0.8, 1.2),
            0.20 * body.semiV * rng.nextDouble(0.8, 1.2),
            0.12 * rng.nextDouble(0.8, 1.2),
            0.2,
            0,
            0.15,
            SmoothField.random(rng, grid, 4, 0.2, 0.6),
            grid);
    stomachGas = rng.nextDouble() < 0.6;
    double lungW = rng.nextDouble(1.08, 1.18);
    SmoothField lungField = SmoothField.random(rng, grid, 4, 0.3, 0.8);
    lungLeft =
        new Blob(
            body.u(0.45),
            body.v(0.2),
            lungW,
            0.36 * body.semiU,
            0.55 * body.semiV,
            0.35,
            0,
            0,
            0.12,
            lungField,
            grid);
    lungRight =
        new Blob(
            body.u(-0.45),
            body.v(0.2),
            lungW + 0.03,
            0.36 * body.semiU,
            0.55 * body.semiV,
            0.35,
            0,
            0,
            0.12,
            lungField,
            grid);

    vertebraU = body.u(rng.nextDouble(-0.02, 0.02));
    vertebraR = 0.115 * sc;
    vertebraV = body.v(0.62) - vertebraR;
    canalR = 0.045 * sc;
    canalV = vertebraV + vertebraR + canalR + 0.01 * sc;
    discPeriodW = 28.0 / grid.coverageMm();
    discPhase = rng.nextDouble();
    paraspinal =
        new double[] {
          vertebraU + 0.17 * sc, vertebraU - 0.17 * sc, canalV + 0.04 * sc, 0.12 * sc, 0.10 * sc
        };
    psoas =
        new double[] {
          vertebraU + 0.16 * sc, vertebraU - 0.16 * sc, vertebraV - 0.02 * sc, 0.08 * sc
        };
    aorta = new double[] {vertebraU + 0.07 * sc, vertebraV - vertebraR - 0.06 * sc, 0.05 * sc};
    ivc = new double[] {vertebraU - 0.13 * sc, vertebraV - vertebraR - 0.05 * sc, 0.045 * sc};

    int ribs = 7;
    ribTheta = new double[2 * ribs];
    ribPhase = new double[2 * ribs];
    for (int r = 0; r < ribs; r++) {
      // posterior-lateral to anterior-lateral on the right (theta near pi), mirrored on the left
      double t = Math.PI / 2 + 0.35 + r * (1.9 / (ribs - 1)) + rng.nextDouble(-0.12, 0.12);
      ribTheta[2 * r] = t;
      ribTheta[2 * r + 1] = Math.PI - t;
      ribPhase[2 * r] = rng.nextDouble(2 * Math.PI);
      ribPhase[2 * r + 1] = rng.nextDouble(2 * Math.PI);
    }
    ribPeriodW = 32.0 / grid.coverageMm();
    ribLowW = rng.nextDouble(0.40, 0.55);
    ribR = 0.03 * sc;

    texture = new LatticeNoise(rng, grid, 9);
    fineTexture = new LatticeNoise(rng, grid, 4);
    bowel = new LatticeNoise(rng, grid, rng.nextDouble(10, 16));
    gas = new LatticeNoise(rng, grid, 14);
    bowelThreshold = rng.nextDouble(-0.2, 0.1);

    fatHu = rng.nextDouble(-110, -90);
    muscleHu = rng.nextDouble(45, 55);
    bowelHu = rng.nextDouble(25, 42);
    liverHu = rng.nextDouble(54, 68);
    spleenHu = liverHu - rng.nextDouble(2, 10);
    kidneyHu = rng.nextDouble(140, 175);
    aortaHu = rng.nextDouble(165, 210);
    ivcHu = rng.nextDouble(125, 160);
    noiseSigma = rng.nextDouble(10, 15);
    blurSigma = rng.nextDouble(0.5, 0.8);

    vessels = drawVessels(rng, sc);
    tumours = drawTumours(rng);
  }

  /**
   * A portal trunk entering at the hilum and a random tree of hepatic branches inside the liver.
   */
  private List<Tube> drawVessels(SplittableRandom rng, double sc) {
    List<Tube> tubes = new ArrayList<>();
    Blob r = liver.right;
    double hu = rng.nextDouble(160, 200);
    double[] hilum = {r.cu() + 0.45 * r.au(), r.cv() + 0.15 * r.av(), r.cw() - 0.25 * r.aw()};
    tubes.add(
        new Tube(
            hilum[0],
            hilum[1],
            hilum[2],
            vertebraU + 0.02,
            aorta[1] - 0.08 * sc,
            hilum[2] - 0.05,
            6 * sc,
            hu,
            false));
    int branches = rng.nextInt(3, 6);
    for (int b = 0; b < branches; b++) {
      // mostly lateral (towards -u), anterior or posterior, and superior
      double[] dir =
          normalise(-rng.nextDouble(0.3, 1.0), rng.nextDouble(-0.8, 0.8), rng.nextDouble(0.0, 0.9));
      grow(
          rng,
          tubes,
          hilum,
          dir,
          rng.nextDouble(4.0, 5.5) * sc,
          hu - rng.nextDouble(0, 15),
          3,
          0.55 * r.au());
    }
    return tubes;
  }

  private void grow(
      SplittableRandom rng,
      List<Tube> tubes,
      double[] p,
      double[] dir,
      double radiusMm,
      double hu,
      int depth,
      double segmentLength) {
    double[] q = p;
    double[] d = dir;
    double rad = radiusMm;
    for (int s = 0; s < 3; s++) {
      d =
          normalise(
              d[0] + rng.nextDouble(-0.4, 0.4),
              d[1] + rng.nextDouble(-0.4, 0.4),
              d[2] + rng.nextDouble(-0.3, 0.3));
      double len = segmentLength * rng.nextDouble(0.6, 1.0);
      double[] n = {q[0] + d[0] * len, q[1] + d[1] * len, q[2] + d[2] * len / grid.wStretch()};
      double next = Math.max(1.2, rad * 0.8);
      tubes.add(new Tube(q[0], q[1], q[2], n[0], n[1], n[2], rad, hu, true));
      if (depth > 1 && rng.nextDouble() < 0.6) {
        double[] side =
            normalise(
                d[1] * (rng.nextBoolean() ? 1 : -1) + d[0],
                d[0] * 0.5 + d[1],
                d[2] + rng.nextDouble(-0.5, 0.5));
        grow(rng, tubes, n, side, next * 0.8, hu, depth - 1, segmentLength * 0.6);
      }
      q = n;
      rad = next;
    }
  }

  /**
   * 0-4 tumours with log-uniform radii (small ones included), each centred deep inside the liver;
   * the renderer keeps every tumour voxel enclosed by liver.
   */
  private List<Tumour> drawTumours(SplittableRandom rng) {
    double p = rng.nextDouble();
    int count = p < 0.15 ? 0 : p < 0.45 ? 1 : p < 0.70 ? 2 : p < 0.85 ? 3 : 4;
    double minR = Math.max(4, 1.5 * spacingXy);
    double maxR = 28;
    SmoothField shape = SmoothField.random(rng, grid, 4, 0.08, 0.25);
    List<Tumour> list = new ArrayList<>();
    Blob r = liver.right;
    for (int t = 0; t < count; t++) {
      double radius = minR * Math.pow(maxR / minR, rng.nextDouble());
      double au = radius / grid.halfWidthMm();
      double aw = radius / grid.coverageMm();
      for (int attempt = 0; attempt < 200; attempt++) {
        double u = r.cu() + r.au() * rng.nextDouble(-1, 1);
        double v = r.cv() + r.av() * rng.nextDouble(-1, 1);
        double w = r.cw() + r.aw() * rng.nextDouble(-1, 1);
        // deep enough that most of the tumour lies in liver; the renderer clips the rest
        if (liver.value(u, v, w) < -0.3 - Math.min(0.3, 0.6 * au / r.au())) {
          Blob b =
              new Blob(
                  u,
                  v,
                  w,
                  au * rng.nextDouble(0.8, 1.2),
                  au * rng.nextDouble(0.8, 1.2),
                  aw * rng.nextDouble(0.8, 1.2),
                  0,
                  0,
                  0.12,
                  shape,
                  grid);
          list.add(new Tumour(b, rng.nextDouble(20, 40), radius));
          break;
        }
      }
    }
    return List.copyOf(list);
  }

  private static double[] normalise(double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    return n == 0 ? new double[] {-1, 0, 0} : new double[] {x / n, y / n, z / n};
  }

  private static double round4(double x) {
    return Math.rint(x * 1e4) / 1e4;
  }
}
