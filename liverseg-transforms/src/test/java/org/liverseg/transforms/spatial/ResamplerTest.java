package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Image;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/** ITK's boundary rules and trilinear/nearest interpolation, value by value. */
class ResamplerTest {

  /** Output voxel {@code v} samples input {@code v + (dx, dy, dz)}. */
  private static Resampler.VoxelMap shift(double dx, double dy, double dz) {
    return Resampler.affineMap(Affine.identity().shiftedBy(dx, dy, dz));
  }

  private static float[] line(float... v) {
    return v;
  }

  private static float[] resample1d(float[] values, double offset, double fill) {
    Shape s = Shape.of(values.length, 1, 1);
    ScalarImage im = ScalarImage.of(s, Affine.identity(), values);
    return ((ScalarImage)
            Resampler.resample(
                    List.of(im), shift(offset, 0, 0), s, Affine.identity(), new double[] {fill})
                .get(0))
        .voxels();
  }

  @Test
  void linearInterpolatesInsideAndClampsInTheHalfVoxelBand() {
    float[] v = line(0, 10, 30, 70);
    assertArrayEquals(new float[] {2.5f, 15f, 40f, 70f}, resample1d(v, 0.25, -1), 1e-6f);
    // -0.5 is inside (clamped to the first voxel), n - 0.5 is outside
    assertArrayEquals(new float[] {0f, 5f, 20f, 50f}, resample1d(v, -0.5, -1), 1e-6f);
    assertArrayEquals(new float[] {5f, 20f, 50f, -1f}, resample1d(v, 0.5, -1), 1e-6f);
    assertArrayEquals(new float[] {-1f, 0f, 10f, 30f}, resample1d(v, -1, -1), 1e-6f);
    assertArrayEquals(new float[] {-7f, 0f, 5f, 20f}, resample1d(v, -1.5, -7), 1e-6f);
  }

  @Test
  void rowsAndSlicesInterpolateTrilinearly() {
    // f(x, y, z) = x + 10 y + 100 z is reproduced exactly by trilinear interpolation
    Shape s = Shape.of(4, 3, 3);
    float[] v = new float[s.voxelsAsInt()];
    for (int z = 0; z < 3; z++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          v[s.index(x, y, z)] = x + 10 * y + 100 * z;
        }
      }
    }
    ScalarImage im = ScalarImage.of(s, Affine.identity(), v);
    Shape out = Shape.of(3, 2, 2);
    float[] got =
        ((ScalarImage)
                Resampler.resample(
                        List.of(im), shift(0.25, 0.5, 0.75), out, Affine.identity(), new double[1])
                    .get(0))
            .voxels();
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          assertEquals(x + 0.25 + 10 * (y + 0.5) + 100 * (z + 0.75), got[out.index(x, y, z)], 1e-4);
        }
      }
    }
  }

  @Test
  void exactVoxelHitsIgnoreRoundingNoiseBelowAMillionth() {
    float[] v = line(0, 1e7f, 0);
    assertEquals(0f, resample1d(v, 1e-7, -1)[0]);
    assertEquals(1e7f, resample1d(v, 1e-7, -1)[1]); // 1 + 1e-7 is voxel 1
    assertEquals(0f, resample1d(v, -1e-7, -1)[0]);
    assertEquals(20f, resample1d(v, 2e-6, -1)[0], 1e-3);
  }

  @Test
  void nearestRoundsHalvesUpAndLabelFillsMustBeLabels() {
    Shape s = Shape.of(4, 1, 1);
    LabelMap l = LabelMap.of(new ImageGeometry(s, 1, Affine.identity()), new byte[] {1, 2, 3, 4});
    assertArrayEquals(new byte[] {2, 3, 4, 9}, labels(l, 0.5, 9));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, labels(l, 0.49, 9));
    assertArrayEquals(new byte[] {1, 2, 3, 4}, labels(l, -0.5, 9)); // halves round up
    assertArrayEquals(new byte[] {0, 1, 2, 3}, labels(l, -1, 300)); // not a label: 0
    assertArrayEquals(new byte[] {0, 1, 2, 3}, labels(l, -1, 2.5));
    assertArrayEquals(new byte[] {0, 1, 2, 3}, labels(l, -1, -1));
    assertArrayEquals(new byte[] {(byte) 255, 1, 2, 3}, labels(l, -1, 255));
  }

  private static byte[] labels(LabelMap l, double offset, double fill) {
    Image out =
        Resampler.resample(
                List.of(l), shift(offset, 0, 0), l.shape(), l.affine(), new double[] {fill})
            .get(0);
    return ((LabelMap) out).labels();
  }

  @Test
  void imagesAndChannelsGetTheirOwnFills() {
    Shape s = Shape.of(2, 2, 2);
    ScalarImage two =
        ScalarImage.of(new ImageGeometry(s, 2, Affine.identity()), new float[2 * s.voxelsAsInt()]);
    LabelMap l = LabelMap.of(s, Affine.identity(), new byte[s.voxelsAsInt()]);
    List<Image> out =
        Resampler.resamplePerChannel(
            List.of(two, l), shift(5, 0, 0), s, Affine.identity(), new double[][] {{-3, 7}, {4}});
    ScalarImage a = (ScalarImage) out.get(0);
    assertEquals(-3f, a.valueAt(0, 1, 1, 1));
    assertEquals(7f, a.valueAt(1, 1, 1, 1));
    assertEquals(4, ((LabelMap) out.get(1)).get(1, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Resampler.resamplePerChannel(
                List.of(two), shift(0, 0, 0), s, Affine.identity(), new double[][] {{1}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Resampler.resamplePerChannel(
                List.of(two), shift(0, 0, 0), s, Affine.identity(), new double[][] {}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Resampler.resample(
                List.of(two, l), shift(0, 0, 0), s, Affine.identity(), new double[1]));
    ScalarImage other = ScalarImage.of(Shape.of(3, 2, 2), Affine.identity(), new float[12]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Resampler.resample(
                    List.of(two, other), shift(0, 0, 0), s, Affine.identity(), new double[2]));
    assertTrue(e.getMessage().contains("share a shape"), e.getMessage());
  }

  /** A plain reference: ITK's inside test, edge clamping in the half-voxel band, trilinear. */
  private static double trilinear(float[] v, Shape s, double x, double y, double z, double fill) {
    double[] p = {x, y, z};
    int[] lo = new int[3];
    double[] w = new double[3];
    for (int a = 0; a < 3; a++) {
      int n = s.get(a);
      if (p[a] < -0.5 || p[a] >= n - 0.5) {
        return fill;
      }
      double c = Math.min(Math.max(p[a], 0), n - 1);
      lo[a] = (int) Math.floor(c);
      w[a] = c - lo[a];
    }
    double sum = 0;
    for (int corner = 0; corner < 8; corner++) {
      double weight = 1;
      int[] q = new int[3];
      for (int a = 0; a < 3; a++) {
        int bit = (corner >> a) & 1;
        q[a] = Math.min(lo[a] + bit, s.get(a) - 1);
        weight *= bit == 1 ? w[a] : 1 - w[a];
      }
      sum += weight * v[s.index(q[0], q[1], q[2])];
    }
    return sum;
  }

  @Test
  void largeOutputsRunInParallelWithTheSameRule() {
    // 64 x 64 x 70 voxels is above the parallel threshold: slices run on several threads
    Shape s = Shape.of(64, 64, 70);
    float[] v = new float[s.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * 31) % 1000;
    }
    ScalarImage im = ScalarImage.of(s, Affine.identity(), v);
    float[] got =
        ((ScalarImage)
                Resampler.resample(
                        List.of(im), shift(0.3, -0.2, 0.6), s, Affine.identity(), new double[] {-5})
                    .get(0))
            .voxels();
    for (int k = 0; k < 70; k++) {
      for (int j = 0; j < 64; j++) {
        for (int i = 0; i < 64; i++) {
          assertEquals(
              trilinear(v, s, i + 0.3, j - 0.2, k + 0.6, -5),
              got[s.index(i, j, k)],
              1e-3,
              i + "," + j + "," + k);
        }
      }
    }
    assertEquals(-5f, got[s.index(3, 3, 69)]); // 69.6 is outside
  }

  @Test
  void anAffineMapGivesEveryRowItsInputCoordinates() {
    Affine m = Affine.ofRowMajor(0.5, 0.25, -1, 2, 0.1, 1.5, 0.3, -4, -0.2, 0.7, 2, 0.5);
    double[] fx = new double[4];
    double[] fy = new double[4];
    double[] fz = new double[4];
    Resampler.affineMap(m).row(3, 5, fx, fy, fz);
    for (int i = 0; i < 4; i++) {
      double[] p = m.apply(i, 3, 5);
      assertEquals(p[0], fx[i], 1e-12);
      assertEquals(p[1], fy[i], 1e-12);
      assertEquals(p[2], fz[i], 1e-12);
    }
  }

  @Test
  void theInsideTestAppliesOnEveryAxis() {
    for (int axis = 1; axis < 3; axis++) {
      Shape s = Shape.of(1, axis == 1 ? 4 : 1, axis == 2 ? 4 : 1);
      ScalarImage im = ScalarImage.of(s, Affine.identity(), new float[] {0, 10, 30, 70});
      for (double[] c : new double[][] {{-0.5, 0, 5, 20, 50}, {0.5, 5, 20, 50, -1}}) {
        double[] shift = new double[3];
        shift[axis] = c[0];
        float[] got =
            ((ScalarImage)
                    Resampler.resample(
                            List.of(im),
                            shift(shift[0], shift[1], shift[2]),
                            s,
                            Affine.identity(),
                            new double[] {-1})
                        .get(0))
                .voxels();
        assertArrayEquals(
            new float[] {(float) c[1], (float) c[2], (float) c[3], (float) c[4]},
            got,
            1e-6f,
            "axis " + axis + " shift " + c[0]);
      }
    }
  }

  @Test
  void everyChannelIsInterpolatedFromItsOwnVoxels() {
    Shape s = Shape.of(3, 2, 2);
    int n = s.voxelsAsInt();
    float[] v = new float[2 * n];
    byte[] l = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
      v[n + i] = 100 + 2 * i;
      l[i] = (byte) i;
      l[n + i] = (byte) (50 + i);
    }
    ImageGeometry g = new ImageGeometry(s, 2, Affine.identity());
    List<Image> out =
        Resampler.resample(
            List.of(ScalarImage.of(g, v), LabelMap.of(g, l)),
            shift(0.5, 0, 0),
            s,
            Affine.identity(),
            new double[] {-1, 0});
    ScalarImage a = (ScalarImage) out.get(0);
    LabelMap b = (LabelMap) out.get(1);
    assertEquals(0.5f, a.valueAt(0, 0, 0, 0));
    assertEquals(101f, a.valueAt(1, 0, 0, 0));
    assertEquals(s.index(1, 1, 1) + 0.5f, a.valueAt(0, 1, 1, 1));
    assertEquals(100 + 2 * (s.index(1, 1, 1) + 0.5f), a.valueAt(1, 1, 1, 1));
    assertEquals(-1f, a.valueAt(1, 2, 1, 1));
    assertEquals(1, b.get(0, 0, 0));
    assertEquals(51, (int) b.valueAt(1, 0, 0, 0));
    assertEquals(50 + s.index(2, 1, 1), (int) b.valueAt(1, 1, 1, 1));
  }
}
