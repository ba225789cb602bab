package org.liverseg.app.report;

import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/** A tiny hand-made CT with a disc of liver and a small tumour, for rendering tests. */
final class SyntheticCase {

  static final Shape SHAPE = Shape.of(40, 32, 10);
  static final Affine AFFINE = Affine.diagonal(-0.8, -0.8, 2.5);

  /** Slice with the largest tumour. */
  static final int TUMOUR_Z = 6;

  /** Slice with the largest liver (no tumour there). */
  static final int LIVER_Z = 3;

  private SyntheticCase() {}

  static ScalarImage ct() {
    float[] v = new float[SHAPE.voxelsAsInt()];
    LabelMap t = truth(0);
    for (int i = 0; i < v.length; i++) {
      int l = t.labels()[i];
      v[i] = l == 2 ? 30 : l == 1 ? 60 : -100;
    }
    return ScalarImage.of(SHAPE, AFFINE, v);
  }

  /** Liver discs centred at (20, 16) whose radius peaks at z = 3; a tumour of radius 4 at z = 6. */
  static LabelMap truth(int shift) {
    byte[] b = new byte[SHAPE.voxelsAsInt()];
    for (int z = 1; z < 9; z++) {
      double r = 12 - Math.abs(z - LIVER_Z);
      for (int y = 0; y < SHAPE.y(); y++) {
        for (int x = 0; x < SHAPE.x(); x++) {
          double dx = x - 20 - shift;
          double dy = y - 16;
          if (dx * dx + dy * dy <= r * r) {
            b[SHAPE.index(x, y, z)] = 1;
          }
          double tr = z == TUMOUR_Z ? 4 : z == TUMOUR_Z - 1 ? 2 : 0;
          double tx = x - 22 - shift;
          if (tr > 0 && tx * tx + dy * dy <= tr * tr) {
            b[SHAPE.index(x, y, z)] = 2;
          }
        }
      }
    }
    return LabelMap.of(SHAPE, AFFINE, b);
  }
}
