package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;
import org.liverseg.transforms.Transforms;

/**
 * Resample to a spacing against TorchIO 0.20's rule worked out by hand, a property over oblique and
 * flipped grids, and scipy's linear interpolation (src/test/python/make_resample_fixtures.py).
 */
class ResampleTest {

  private static final Map<String, double[]> FIXTURE = load();

  private static Map<String, double[]> load() {
    try (InputStream in = ResampleTest.class.getResourceAsStream("/fixtures/resample.txt")) {
      Map<String, double[]> m = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .forEach(
              l -> {
                String[] p = l.split(" : ");
                m.put(
                    p[0],
                    Arrays.stream(p[1].split(" ")).mapToDouble(Double::parseDouble).toArray());
              });
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Shape shapeOf(double[] v) {
    return Shape.of((int) v[0], (int) v[1], (int) v[2]);
  }

  private static Subject subject(Shape shape, Affine affine) {
    return TestSubjects.ctAndLabel(shape, affine);
  }

  @Test
  void theIssueExampleGivesTorchiosShapeAndCentredOrigin() {
    Affine a = Affine.diagonal(-1.62, -1.62, 6.06).withOrigin(100, 50, -20);
    Subject out =
        Resample.builder().spacing(1.3, 1.7, 2.9).build().apply(subject(Shape.of(96, 96, 48), a));
    assertEquals(Shape.of(119, 91, 100), out.shape()); // not 120x92x101
    // centre (23.05, -26.95, 122.41); origin = centre - direction * s' * (n' - 1) / 2
    assertArrayEquals(new double[] {99.75, 49.55, -21.14}, out.affine().origin(), 1e-9);
    assertTrue(
        out.affine()
            .isClose(Affine.diagonal(-1.3, -1.7, 2.9).withOrigin(99.75, 49.55, -21.14), 1e-9));
    AppliedTransform record = (AppliedTransform) out.history().get(0);
    assertEquals(List.of(1.3, 1.7, 2.9), record.parameters().get("target_spacing"));
    assertEquals(List.of(119, 91, 100), record.parameters().get("output_shape"));
  }

  @Test
  void theSameSpacingKeepsTheGridDespiteRoundingNoise() {
    // 96 * 0.7 / 0.7 is 95.99999999999999 in floating point; TorchIO's plain floor gives 95
    Affine a = Affine.diagonal(0.7, 0.7, 0.7).withOrigin(-3, 4, 5);
    Subject s = subject(Shape.of(96, 3, 2), a);
    Subject out = Resample.builder().spacing(0.7).build().apply(s);
    assertEquals(s.shape(), out.shape());
    assertTrue(out.affine().isClose(a, 1e-12));
    assertArrayEquals(s.scalarImage("ct").voxels(), out.scalarImage("ct").voxels());
    assertArrayEquals(s.labelMap("label").labels(), out.labelMap("label").labels());
  }

  @Test
  void aSingletonAxisStaysOneVoxelAtTheOldCentre() {
    Affine a = Affine.diagonal(2, 1, 1).withOrigin(5, 6, 7);
    Map.Entry<Shape, Affine> g =
        Resample.gridForSpacing(Shape.of(1, 10, 4), a, new double[] {3, 0.5, 1});
    assertEquals(Shape.of(1, 20, 4), g.getKey());
    // y: centre 6 + 4.5 = 10.5, origin 10.5 - 0.5 * 19 / 2
    assertArrayEquals(new double[] {5, 5.75, 7}, g.getValue().origin(), 1e-12);
    assertArrayEquals(new double[] {3, 0.5, 1}, g.getValue().spacing(), 1e-12);
  }

  @Test
  void anAxisLeftWithoutVoxelsIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Resample.gridForSpacing(
                    Shape.of(3, 10, 10), Affine.identity(), new double[] {5, 1, 1}));
    assertTrue(e.getMessage().contains("no voxel") && e.getMessage().contains("3 voxels"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Resample.gridForSpacing(Shape.of(3, 3, 3), Affine.identity(), new double[] {1, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Resample.gridForSpacing(Shape.of(3, 3, 3), Affine.identity(), new double[] {1, -1, 1}));
    assertThrows(IllegalArgumentException.class, () -> Resample.builder().spacing(1, 2));
    assertThrows(
        IllegalArgumentException.class, () -> Resample.builder().spacing(Double.NaN).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> Resample.builder().spacing(1).reference("ct").build());
  }

  @Test
  void valuesMatchScipyLinearInterpolationOnTorchiosGrid() {
    for (String name : List.of("oblique", "permuted")) {
      Shape shape = shapeOf(FIXTURE.get(name + ".shape"));
      Affine affine = Affine.ofRowMajor(FIXTURE.get(name + ".affine"));
      double[] in = FIXTURE.get(name + ".input");
      float[] voxels = new float[in.length];
      for (int i = 0; i < in.length; i++) {
        voxels[i] = (float) in[i];
      }
      Subject s = Subject.builder(name).image("ct", ScalarImage.of(shape, affine, voxels)).build();
      Subject out = Resample.builder().spacing(FIXTURE.get(name + ".spacing")).build().apply(s);
      assertEquals(shapeOf(FIXTURE.get(name + ".out_shape")), out.shape(), name);
      assertTrue(
          out.affine().isClose(Affine.ofRowMajor(FIXTURE.get(name + ".out_affine")), 1e-9),
          name + ": " + out.affine());
      double[] expected = FIXTURE.get(name + ".resampled");
      float[] got = out.scalarImage("ct").voxels();
      double min = Arrays.stream(in).min().orElseThrow();
      double max = Arrays.stream(in).max().orElseThrow();
      int inside = 0;
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-5 * (max - min), name + " voxel " + i);
        inside += expected[i] != 0 ? 1 : 0;
      }
      assertTrue(inside > expected.length / 2, name + ": most voxels are inside");
    }
  }

  @Test
  void aReferenceImageGivesItsGridAndTheInverseRestoresTheInput() {
    Subject s = subject(Shape.of(6, 5, 4), TestSubjects.obliqueAffine());
    ScalarImage other =
        TestSubjects.indexImage(
            Shape.of(3, 4, 5), Affine.diagonal(1.5, 1.2, 0.9).withOrigin(9, -21, 30));
    Subject out = Resample.builder().reference(other).build().apply(s);
    assertEquals(other.shape(), out.shape());
    assertEquals(other.affine(), out.affine());
    Subject back = Transforms.inverse(out);
    assertEquals(s.shape(), back.shape());
    assertEquals(s.affine(), back.affine());
  }

  /**
   * Over rotated, permuted and flipped anisotropic grids: the output spacing is the target, the
   * directions are kept, the world position of the centre of the field of view is kept, and the new
   * extent is the largest that fits in the old one.
   */
  @Property(tries = 200)
  void theCentreOfTheFieldOfViewStaysAndTheSpacingIsTheTarget(
      @ForAll @DoubleRange(min = -180, max = 180) double ax,
      @ForAll @DoubleRange(min = -90, max = 90) double ay,
      @ForAll @DoubleRange(min = -180, max = 180) double az,
      @ForAll @IntRange(min = 0, max = 5) int permutation,
      @ForAll @IntRange(min = 0, max = 7) int flips,
      @ForAll @IntRange(min = 1, max = 300) int nx,
      @ForAll @IntRange(min = 1, max = 300) int ny,
      @ForAll @IntRange(min = 1, max = 60) int nz,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sx,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sy,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sz,
      @ForAll @DoubleRange(min = 0.3, max = 3) double tx,
      @ForAll @DoubleRange(min = 0.3, max = 3) double ty,
      @ForAll @DoubleRange(min = 0.3, max = 3) double tz) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double[][] r = RandomAffine.rotation(new double[] {ax, ay, az});
    double[] spacing = {sx, sy, sz};
    double[][] m = new double[3][4];
    for (int v = 0; v < 3; v++) {
      int w = perms[permutation][v];
      double sign = ((flips >> v) & 1) == 1 ? -1 : 1;
      for (int row = 0; row < 3; row++) {
        m[row][v] = r[row][w] * sign * spacing[v];
      }
    }
    m[0][3] = 12.5;
    m[1][3] = -40;
    m[2][3] = 7;
    Affine a = Affine.of(m);
    Shape shape = Shape.of(nx, ny, nz);
    double[] target = {tx, ty, tz};
    int[] n = {nx, ny, nz};
    boolean empty = false;
    for (int i = 0; i < 3; i++) {
      empty |= n[i] > 1 && n[i] * spacing[i] / target[i] < 1;
    }
    if (empty) {
      assertThrows(IllegalArgumentException.class, () -> Resample.gridForSpacing(shape, a, target));
      return;
    }
    Map.Entry<Shape, Affine> g = Resample.gridForSpacing(shape, a, target);
    Shape out = g.getKey();
    Affine b = g.getValue();
    assertArrayEquals(target, b.spacing(), 1e-9);
    double[][] am = a.toArray();
    double[][] bm = b.toArray();
    for (int v = 0; v < 3; v++) {
      for (int row = 0; row < 3; row++) {
        assertEquals(am[row][v] / spacing[v], bm[row][v] / target[v], 1e-9, "direction");
      }
      int size = out.get(v);
      if (n[v] == 1) {
        assertEquals(1, size);
      } else {
        assertTrue(size * target[v] <= n[v] * spacing[v] * (1 + 1e-9), "fits");
        assertTrue((size + 1) * target[v] > n[v] * spacing[v], "largest");
      }
    }
    double[] c = a.apply((nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0);
    double[] d = b.apply((out.x() - 1) / 2.0, (out.y() - 1) / 2.0, (out.z() - 1) / 2.0);
    assertArrayEquals(c, d, 1e-9);
  }
}
