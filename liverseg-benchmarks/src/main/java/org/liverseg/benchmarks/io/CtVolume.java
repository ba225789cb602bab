package org.liverseg.benchmarks.io;

import java.util.SplittableRandom;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * The benchmark volume of {@code shared/anchors/nibabel_read_bench.py make}, rebuilt in Java: a
 * 256x256x200 int16 CT-like image (air -1000, an elliptic body at 40 HU, an ellipsoidal liver at 60
 * HU, Gaussian noise sd 12), affine diag(-0.7, -0.7, 2.5). The noise comes from a different
 * generator than numpy's, so files differ byte-wise but compress alike.
 */
final class CtVolume {

  private CtVolume() {}

  static ScalarImage make(int nx, int ny, int nz, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[nx * ny * nz];
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          double bx = (x - 128.0) / 110;
          double by = (y - 128.0) / 90;
          int hu = bx * bx + by * by < 1 ? 40 : -1000;
          double lx = (x - 100.0) / 50;
          double ly = (y - 140.0) / 40;
          double lz = (z - 100.0) / 60;
          if (lx * lx + ly * ly + lz * lz < 1) {
            hu = 60;
          }
          // numpy: (ct + normal(0, 12)).astype(int16) truncates toward zero
          v[i++] = (float) (long) (hu + 12 * gaussian(rng));
        }
      }
    }
    return ScalarImage.of(Shape.of(nx, ny, nz), Affine.diagonal(-0.7, -0.7, 2.5), v);
  }

  private static double gaussian(SplittableRandom rng) {
    double u;
    double w;
    double s;
    do {
      u = rng.nextDouble() * 2 - 1;
      w = rng.nextDouble() * 2 - 1;
      s = u * u + w * w;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
