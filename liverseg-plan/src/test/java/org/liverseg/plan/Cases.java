package org.liverseg.plan;

import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/** Small in-memory cases for the tests. */
final class Cases {

  private Cases() {}

  /** An LPS-style affine {@code diag(-sx, -sy, sz)} with an origin. */
  static Affine lps(double sx, double sy, double sz) {
    return Affine.diagonal(-sx, -sy, sz).withOrigin(100, 80, -200);
  }

  /**
   * A subject "ct"/"label" of {@code shape}: background -1000 + noise, a foreground box in the
   * middle (labels 1, with a 2 core) with values drawn around 100 HU.
   */
  static Subject subject(String id, Shape shape, Affine affine, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[shape.voxelsAsInt()];
    byte[] l = new byte[v.length];
    for (int z = 0; z < shape.z(); z++) {
      for (int y = 0; y < shape.y(); y++) {
        for (int x = 0; x < shape.x(); x++) {
          int i = shape.index(x, y, z);
          boolean fg = inside(x, shape.x()) && inside(y, shape.y()) && inside(z, shape.z());
          boolean core = fg && x == shape.x() / 2;
          l[i] = (byte) (core ? 2 : fg ? 1 : 0);
          v[i] = (float) (fg ? 100 + 30 * r.nextGaussian() : -1000 + 10 * r.nextGaussian());
        }
      }
    }
    return Subject.builder(id)
        .image("ct", ScalarImage.of(shape, affine, v))
        .image("label", LabelMap.of(shape, affine, l))
        .build();
  }

  private static boolean inside(int t, int n) {
    return t >= n / 4 && t < n - n / 4;
  }

  /** A labelled case fingerprint with all voxels background. */
  static CaseFingerprint fingerprint(String id, Shape shape, Vec3 spacing, String orientation) {
    SortedMap<Integer, Long> counts = new TreeMap<>();
    counts.put(0, shape.voxels());
    return new CaseFingerprint(id, shape, spacing, orientation, counts);
  }
}
