package org.liverseg.benchmarks.sampling;

import java.util.SplittableRandom;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * The sampling benchmarks' subject: a 256x256x200 CT-like float32 image (air -1000, an elliptic
 * body at 40 HU, an ellipsoidal liver at 60 HU with a spherical tumour at 30 HU, Gaussian noise sd
 * 12) and its label map (0 background, 1 liver, 2 tumour), affine diag(-0.7, -0.7, 2.5). About 3%
 * of the voxels are liver and 0.1% tumour, inside the region of valid 96^3 patch centres.
 */
final class LiverVolume {

  /** The benchmark shape. */
  static final Shape SHAPE = new Shape(256, 256, 200);

  private LiverVolume() {}

  /** Builds the subject; {@code shift} moves the liver and tumour a little so subjects differ. */
  static Subject make(String id, int shift, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = SHAPE.voxelsAsInt();
    float[] ct = new float[n];
    byte[] label = new byte[n];
    int i = 0;
    for (int z = 0; z < SHAPE.z(); z++) {
      for (int y = 0; y < SHAPE.y(); y++) {
        for (int x = 0; x < SHAPE.x(); x++, i++) {
          double bx = (x - 128.0) / 110;
          double by = (y - 128.0) / 90;
          double hu = bx * bx + by * by < 1 ? 40 : -1000;
          double lx = (x - 100.0 - shift) / 50;
          double ly = (y - 140.0) / 40;
          double lz = (z - 100.0 + shift) / 60;
          if (lx * lx + ly * ly + lz * lz < 1) {
            hu = 60;
            label[i] = 1;
            double tx = x - 95.0 - shift;
            double ty = y - 135.0;
            double tz = z - 95.0 + shift;
            if (tx * tx + ty * ty + tz * tz < 144) {
              hu = 30;
              label[i] = 2;
            }
          }
          ct[i] = (float) Math.rint(hu + 12 * gaussian(rng));
        }
      }
    }
    Affine affine = Affine.diagonal(-0.7, -0.7, 2.5);
    return Subject.builder(id)
        .image("ct", ScalarImage.of(SHAPE, affine, ct))
        .image("label", LabelMap.of(SHAPE, affine, label))
        .build();
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
