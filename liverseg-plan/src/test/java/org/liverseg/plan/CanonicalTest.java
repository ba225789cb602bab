package org.liverseg.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.spatial.ToCanonical;

class CanonicalTest {

  @Test
  void mapsEachCanonicalAxisToTheVoxelAxisPointingAlongIt() {
    assertArrayEquals(new int[] {0, 1, 2}, Canonical.voxelAxes("LPS"));
    assertArrayEquals(new int[] {0, 1, 2}, Canonical.voxelAxes("RAS"));
    assertArrayEquals(new int[] {1, 2, 0}, Canonical.voxelAxes("SRA"));
    assertArrayEquals(new int[] {2, 0, 1}, Canonical.voxelAxes("AIL"));
    assertEquals(Shape.of(3, 4, 2), Canonical.shape(Shape.of(2, 3, 4), "SRA"));
    assertEquals(new Vec3(0.7, 0.8, 5), Canonical.spacing(new Vec3(5, 0.7, 0.8), "IRP"));
  }

  @Test
  void rejectsCodesWithoutOneDirectionPerAxis() {
    for (String bad : new String[] {"R?S", "RRS", "RLS", "RA", "XYZ"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Canonical.voxelAxes(bad), bad);
      assertEquals(true, e.getMessage().contains(bad), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Canonical.voxelAxes(null));
  }

  /** Canonical shape and spacing are what ToCanonical actually produces, for any axis order. */
  @Property(tries = 200)
  void agreesWithToCanonical(
      @ForAll @IntRange(min = 0, max = 5) int permutation,
      @ForAll @IntRange(min = 0, max = 7) int flips,
      @ForAll @IntRange(min = 1, max = 9) int nx,
      @ForAll @IntRange(min = 1, max = 9) int ny,
      @ForAll @IntRange(min = 1, max = 9) int nz,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sx,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sy,
      @ForAll @DoubleRange(min = 0.3, max = 6) double sz) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    int[] p = perms[permutation];
    double[] s = {sx, sy, sz};
    double[][] m = new double[3][4];
    for (int v = 0; v < 3; v++) {
      // voxel axis v points along world axis p[v], maybe reversed
      m[p[v]][v] = ((flips >> v) & 1) == 1 ? -s[v] : s[v];
    }
    m[0][3] = 12;
    m[1][3] = -7;
    m[2][3] = 30;
    Affine affine = Affine.of(m);
    Shape shape = Shape.of(nx, ny, nz);
    Subject subject =
        Subject.builder("c")
            .image("ct", ScalarImage.of(shape, affine, new float[shape.voxelsAsInt()]))
            .build();
    Subject ras = ToCanonical.builder().build().apply(subject);
    assertEquals("RAS", ras.affine().orientation());
    String code = affine.orientation();
    assertEquals(ras.shape(), Canonical.shape(shape, code));
    Vec3 expected = Vec3.of(ras.spacing());
    Vec3 actual = Canonical.spacing(Vec3.of(affine.spacing()), code);
    for (int a = 0; a < 3; a++) {
      assertEquals(expected.get(a), actual.get(a), 1e-12);
    }
  }
}
