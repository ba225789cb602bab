package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * The pad/crop window on multi-channel images against a voxel-by-voxel reference: output voxel
 * {@code o} holds input voxel {@code o + offset} of the same channel, or the fill outside (or the
 * clamped edge voxel for {@code EDGE}).
 */
class WindowTest {

  private static final Shape IN = Shape.of(5, 4, 3);
  private static final int[][] OFFSETS = {
    {-2, 1, 0}, {1, -1, -2}, {-3, 0, 1}, {2, 2, -1}, {6, 0, 0}, {-7, -1, 0}
  };
  private static final Shape[] OUTS = {
    Shape.of(8, 3, 3),
    Shape.of(3, 6, 6),
    Shape.of(4, 4, 2),
    Shape.of(6, 3, 5),
    Shape.of(2, 2, 2),
    Shape.of(4, 5, 3)
  };

  private static float value(int c, int x, int y, int z) {
    return 1000 * c + 100 * z + 10 * y + x + 1;
  }

  private static int source(int o, int offset, int n, boolean edge) {
    int p = o + offset;
    if (edge) {
      return Math.min(Math.max(p, 0), n - 1);
    }
    return p >= 0 && p < n ? p : -1;
  }

  private static void check(Image out, int[] offset, Shape shape, boolean edge, double fill) {
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < shape.z(); z++) {
        for (int y = 0; y < shape.y(); y++) {
          for (int x = 0; x < shape.x(); x++) {
            int sx = source(x, offset[0], IN.x(), edge);
            int sy = source(y, offset[1], IN.y(), edge);
            int sz = source(z, offset[2], IN.z(), edge);
            double expected = sx < 0 || sy < 0 || sz < 0 ? fill : value(c, sx, sy, sz);
            if (out instanceof LabelMap) {
              expected = sx < 0 || sy < 0 || sz < 0 ? fill : ((int) value(c, sx, sy, sz)) % 256;
            }
            assertEquals(expected, out.valueAt(c, x, y, z), x + "," + y + "," + z + " c" + c);
          }
        }
      }
    }
  }

  @Test
  void scalarChannelsAreWindowedLikeTheReference() {
    float[] v = new float[2 * IN.voxelsAsInt()];
    byte[] l = new byte[v.length];
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < IN.z(); z++) {
        for (int y = 0; y < IN.y(); y++) {
          for (int x = 0; x < IN.x(); x++) {
            int i = c * IN.voxelsAsInt() + IN.index(x, y, z);
            v[i] = value(c, x, y, z);
            l[i] = (byte) (int) value(c, x, y, z);
          }
        }
      }
    }
    ImageGeometry g = new ImageGeometry(IN, 2, Affine.identity());
    ScalarImage s = ScalarImage.of(g, v);
    LabelMap labels = LabelMap.of(g, l);
    for (int k = 0; k < OFFSETS.length; k++) {
      check(
          Window.apply(s, OFFSETS[k], OUTS[k], PaddingMode.constant(-4.5)),
          OFFSETS[k],
          OUTS[k],
          false,
          -4.5);
      check(Window.apply(s, OFFSETS[k], OUTS[k], PaddingMode.EDGE), OFFSETS[k], OUTS[k], true, 0);
      check(
          Window.apply(labels, OFFSETS[k], OUTS[k], PaddingMode.constant(7)),
          OFFSETS[k],
          OUTS[k],
          false,
          7);
      check(
          Window.apply(labels, OFFSETS[k], OUTS[k], PaddingMode.EDGE),
          OFFSETS[k],
          OUTS[k],
          true,
          0);
    }
  }

  @Test
  void labelFillsAreTruncatedToLabelsOrZero() {
    LabelMap l = LabelMap.of(Shape.of(2, 1, 1), Affine.identity(), new byte[] {5, 6});
    int[] offset = {-1, 0, 0};
    Shape out = Shape.of(3, 1, 1);
    assertEquals(
        2, ((LabelMap) Window.apply(l, offset, out, PaddingMode.constant(2.7))).get(0, 0, 0));
    assertEquals(
        0, ((LabelMap) Window.apply(l, offset, out, PaddingMode.constant(-0.5))).get(0, 0, 0));
    assertEquals(
        0, ((LabelMap) Window.apply(l, offset, out, PaddingMode.constant(-3))).get(0, 0, 0));
    assertEquals(
        0, ((LabelMap) Window.apply(l, offset, out, PaddingMode.constant(256))).get(0, 0, 0));
    assertEquals(
        255, ((LabelMap) Window.apply(l, offset, out, PaddingMode.constant(255.9))).get(0, 0, 0));
    assertEquals(5, ((LabelMap) Window.apply(l, offset, out, PaddingMode.MINIMUM)).get(0, 0, 0));
  }
}
